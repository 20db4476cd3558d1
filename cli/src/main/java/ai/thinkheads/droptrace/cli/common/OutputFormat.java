package ai.thinkheads.droptrace.cli.common;

/** How a command prints its data on stdout. */
public enum OutputFormat {
    TEXT,
    JSON
}
