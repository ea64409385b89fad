package pics.aed.egen;
