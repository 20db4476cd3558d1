package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.NotControllerException;
import org.slf4j.Marker;

/**
 * The embedded broker's ERROR line when it restarts on its data directory (every restart of {@code droptrace up}):
 * the node registers its controller before its own quorum controller has taken office again, the controller answers
 * {@code NotControllerException: The active controller appears to be node 1}, and the registration is sent again
 * and succeeds. Kafka logs the first answer as "Unexpected error handling request" with the whole request, a line
 * of some 1,500 characters that told the operator something had failed. It is kept at DEBUG (seen with {@code -v});
 * any other error of the controller is shown as Kafka logs it.
 */
final class ControllerRegistrationRetryNote extends TurboFilter {

    static final String CONTROLLER_APIS = "kafka.server.ControllerApis";
    static final String NOTE_LOGGER = FirstSequenceRetryNote.NOTE_LOGGER;

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || !CONTROLLER_APIS.equals(logger.getName()) || !notController(t)
                || !mentions(format, params, "apiKey=CONTROLLER_REGISTRATION")) {
            return FilterReply.NEUTRAL;
        }
        logger.getLoggerContext().getLogger(NOTE_LOGGER).debug("the controller registration was sent before the "
                + "quorum controller took office (it is sent again): {}", t.getMessage());
        return FilterReply.DENY;
    }

    /** The exception, or one of its causes, is a {@link NotControllerException}. */
    private static boolean notController(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof NotControllerException) {
                return true;
            }
        }
        return false;
    }

    /** The format or one of its arguments (Kafka logs the request header as an argument or in the text) names it. */
    private static boolean mentions(String format, Object[] params, String text) {
        if (format != null && format.contains(text)) {
            return true;
        }
        if (params != null) {
            for (Object p : params) {
                if (p != null && String.valueOf(p).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
