package ai.thinkheads.droptrace.core.firewall.config;

/** The configuration directory itself cannot be used (missing, not a directory, ambiguous node). */
public final class ConfigDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** For a refusal that asks for the node to read: the message up to the setting that chooses it; else {@code null}. */
    private final String nodeChoice;

    public ConfigDirectoryException(String message) {
        this(message, null);
    }

    private ConfigDirectoryException(String message, String nodeChoice) {
        super(message);
        this.nodeChoice = nodeChoice;
    }

    /** A refusal asking for a node: {@code choice} ends in "with"; the command line's {@code --node} follows it. */
    static ConfigDirectoryException askingForNode(String choice) {
        return new ConfigDirectoryException(choice + " --node", choice);
    }

    /** The message with the node chosen by {@code setting} ({@code firewall.node} in droptrace up's file), not {@code --node}. */
    public String withNodeSetting(String setting) {
        return nodeChoice == null ? getMessage() : nodeChoice + " " + setting;
    }
}
