package pics.aed.schedules;
