package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * An ERROR line of the embedded broker for a first attempt that Kafka itself makes again and that succeeds (or for
 * work the broker's own stop cut short, which its next start does again), kept at
 * DEBUG (seen with {@code -v}) under droptrace's broker logger, with a line that says what it was; every other error
 * of that logger is shown as Kafka logs it.
 */
abstract class BrokerRetryNote extends TurboFilter {

    static final String NOTE_LOGGER = "ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker";

    private final String brokerLogger;
    private final String note;

    /**
     * @param brokerLogger the broker's logger that writes the line
     * @param note what the line was, followed by {@code ": <the exception's message>"} at DEBUG
     */
    BrokerRetryNote(String brokerLogger, String note) {
        this.brokerLogger = brokerLogger;
        this.note = note;
    }

    /** Whether this ERROR line of the broker's logger is the retried first attempt. */
    abstract boolean retried(String format, Object[] params, Throwable t);

    @Override
    public final FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
            Throwable t) {
        if (level != Level.ERROR || !brokerLogger.equals(logger.getName()) || !retried(format, params, t)) {
            return FilterReply.NEUTRAL;
        }
        logger.getLoggerContext().getLogger(NOTE_LOGGER).debug(note + ": {}", t == null ? null : t.getMessage());
        return FilterReply.DENY;
    }
}
