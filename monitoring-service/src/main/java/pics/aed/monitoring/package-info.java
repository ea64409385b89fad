package pics.aed.monitoring;
