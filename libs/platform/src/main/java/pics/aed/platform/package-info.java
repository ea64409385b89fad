package pics.aed.platform;
