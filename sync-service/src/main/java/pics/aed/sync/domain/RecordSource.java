package pics.aed.sync.domain;

import java.util.List;

/** Where a run's records come from: the Open API feed, or an uploaded registration export. Blocking. */
public interface RecordSource {

    /** Receives the records in batches (a page of the feed, a slice of the file); never the whole source at once. */
    interface Sink {
        /**
         * @param withoutCoordinates how many of the batch's records came with no coordinates at all (a feed page
         *                           whose records all lack them is corrupt), or -1 when the source says nothing
         */
        void accept(List<RawRecord> batch, int withoutCoordinates);
    }

    /**
     * Streams every record to the sink.
     *
     * @return how many records the source announced (the feed's totalCount), or -1 when it announces none
     * @throws pics.aed.sync.source.SourceException when the source cannot deliver
     */
    long stream(Sink sink);

    /** Validates records of this source. */
    RecordValidator validator();

    /** Releases what the source holds (an uploaded file). */
    default void close() {}
}
