package pics.aed.platform.security;

/** Where a device stands, as the scope rules see it: official sido name and gugun name. */
public record Region(String sido, String gugun) {}
