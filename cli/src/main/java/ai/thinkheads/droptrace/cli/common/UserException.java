package ai.thinkheads.droptrace.cli.common;

/**
 * A failure the user can act on: one plain sentence and the exit code that goes with it. The
 * handler prints the sentence and no stack trace (unless {@code -v}).
 */
public final class UserException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
