package pics.aed.sync;

import jakarta.inject.Singleton;
import pics.aed.testsupport.InMemorySpans;

/** sync-service's spans in the tests, kept in memory and exported nowhere (TraceAcrossServicesTest reads them). */
@Singleton
public class CapturedSpans extends InMemorySpans {}
