package ai.thinkheads.droptrace.core.firewall.config;

/** The configuration directory itself cannot be used (missing, not a directory, ambiguous node). */
public final class ConfigDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigDirectoryException(String message) {
        super(message);
    }
}
