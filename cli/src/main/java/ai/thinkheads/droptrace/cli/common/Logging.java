package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Turns log verbosity up for {@code -v}: droptrace's own loggers and stack traces first, Kafka's with {@code -vv}. */
public final class Logging {

    private Logging() {
    }

    public static void setVerbosity(int verbosity) {
        LogLine.showStackTraces(verbosity >= 1);
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context)) {
            return;
        }
        if (verbosity >= 1) {
            Logger own = context.getLogger("ai.thinkheads.droptrace");
            own.setLevel(verbosity == 1 ? Level.INFO : Level.DEBUG);
        }
        if (verbosity >= 2) {
            context.getLogger("org.apache.kafka").setLevel(Level.INFO);
            context.getLogger(QuietLogging.COMPLETED_FETCH).setLevel(null); // as the rest of Kafka again
            context.getLogger("kafka").setLevel(Level.INFO);
        }
    }
}
