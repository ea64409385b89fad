package pics.aed.platform.testapp;

import jakarta.inject.Singleton;
import pics.aed.testsupport.InMemorySpans;

/** The test app's in-memory span exporter: every span it ends, for the tracing tests. Test-only. */
@Singleton
public class CapturedSpans extends InMemorySpans {}
