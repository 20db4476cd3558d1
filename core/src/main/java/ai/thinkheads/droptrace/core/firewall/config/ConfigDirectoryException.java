package ai.thinkheads.droptrace.core.firewall.config;

/** The configuration directory itself cannot be used (missing, not a directory, ambiguous node). */
public final class ConfigDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How the command line names the node to read ({@code --node}); {@link #withNodeSetting} renames it. */
    static final String NODE_OPTION = "--node";

    public ConfigDirectoryException(String message) {
        super(message);
    }

    /** The message with the node chosen by {@code setting} ({@code firewall.node} in droptrace up's file), not {@code --node}. */
    public String withNodeSetting(String setting) {
        return getMessage().replace("with " + NODE_OPTION, "with " + setting);
    }
}
