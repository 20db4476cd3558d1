package ai.thinkheads.droptrace.core.firewall.trace;

/** A trace request that names something the configuration does not have, or contradicts itself. */
public final class InvalidTraceRequestException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidTraceRequestException(String message) {
        super(message);
    }
}
