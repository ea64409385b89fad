package pics.aed.sync;
