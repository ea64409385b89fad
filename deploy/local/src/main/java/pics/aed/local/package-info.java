package pics.aed.local;
