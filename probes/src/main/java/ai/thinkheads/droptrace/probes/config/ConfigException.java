package ai.thinkheads.droptrace.probes.config;

/** The probe configuration is invalid; the message is one line naming the file, the path and the reason. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
