package ai.thinkheads.droptrace.core.phoenix;

/** A Phoenix {@code etc/} folder that cannot be used at all (missing, not JSON); one line naming the file and the reason. */
public final class PhoenixConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PhoenixConfigException(String message) {
        super(message);
    }

    public PhoenixConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
