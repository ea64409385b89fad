package pics.aed.sessions;
