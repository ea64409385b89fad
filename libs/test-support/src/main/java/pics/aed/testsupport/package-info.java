package pics.aed.testsupport;
