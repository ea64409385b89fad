package pics.aed.platform.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines one logger writes while a test runs, each with the trace and span ids of its MDC as the log formats
 * print them: {@code <message> traceId=<id> spanId=<id>}. Test-only.
 */
final class LogLines extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new ArrayList<>();

    private LogLines(Logger logger) {
        this.logger = logger;
    }

    static LogLines of(Class<?> loggingClass) {
        Logger logger = Logger.getLogger(loggingClass.getName());
        LogLines collector = new LogLines(logger);
        logger.addHandler(collector);
        return collector;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord line) {
            synchronized (lines) {
                lines.add(line.getFormattedMessage() + " traceId=" + line.getMdc("traceId") + " spanId="
                        + line.getMdc("spanId"));
            }
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
