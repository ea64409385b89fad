package pics.aed.sync.domain;

/** A record a run refused: the stage that refused it, why, and the record as received. */
public record Reject(int seq, String equipmentSerial, Stage stage, String reason, String raw) {

    /** The validation stages of docs/sync.md "Validate" that can refuse a single record (the fourth checks the whole run). */
    public enum Stage {
        format,
        business,
        database
    }
}
