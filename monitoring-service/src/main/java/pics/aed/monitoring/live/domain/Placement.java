package pics.aed.monitoring.live.domain;

/** Where a logged event belongs, for scope filtering: its reach and, for {@link Reach#REGION}, the region. */
public record Placement(Reach reach, String sido, String gugun) {

    public static final Placement NATIONAL = new Placement(Reach.NATIONAL, null, null);
    public static final Placement RESTRICTED = new Placement(Reach.RESTRICTED, null, null);

    public Placement {
        if (reach == Reach.REGION && (sido == null || sido.isBlank())) {
            throw new IllegalArgumentException("a regional placement needs a sido");
        }
        if (reach != Reach.REGION) {
            sido = null;
            gugun = null;
        }
        if (gugun != null && gugun.isBlank()) {
            gugun = null;
        }
    }

    /** The device's region, or {@link #RESTRICTED} when no sido is known. */
    public static Placement ofRegion(String sido, String gugun) {
        return sido == null || sido.isBlank() ? RESTRICTED : new Placement(Reach.REGION, sido, gugun);
    }
}
