package ai.thinkheads.droptrace.cli.common;

import org.apache.kafka.common.errors.NotControllerException;

/**
 * The embedded broker's ERROR line when it restarts on its data directory (every restart of {@code droptrace up}):
 * the node registers its controller before its own quorum controller has taken office again, the controller answers
 * {@code NotControllerException: The active controller appears to be node 1}, and the registration is sent again
 * and succeeds. Kafka logs the first answer as "Unexpected error handling request" with the whole request, a line
 * of some 1,500 characters that told the operator something had failed. It is kept at DEBUG (seen with {@code -v});
 * any other error of the controller is shown as Kafka logs it.
 */
final class ControllerRegistrationRetryNote extends BrokerRetryNote {

    static final String CONTROLLER_APIS = "kafka.server.ControllerApis";
    private static final String REGISTRATION = "apiKey=CONTROLLER_REGISTRATION";

    ControllerRegistrationRetryNote() {
        super(CONTROLLER_APIS, "the controller registration was sent before the quorum controller took office (it is "
                + "sent again)");
    }

    @Override
    boolean retried(String format, Object[] params, Throwable t) {
        return ErrorHandler.causedBy(t, NotControllerException.class) && mentions(format, params);
    }

    /** The format or one of its arguments (Kafka logs the request header in the text) names the registration. */
    private static boolean mentions(String format, Object[] params) {
        if (format != null && format.contains(REGISTRATION)) {
            return true;
        }
        if (params != null) {
            for (Object p : params) {
                if (p != null && String.valueOf(p).contains(REGISTRATION)) {
                    return true;
                }
            }
        }
        return false;
    }
}
