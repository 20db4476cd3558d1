package ai.thinkheads.droptrace.core.firewall.trace.internal;

import java.util.Objects;

/**
 * A line that pve-firewall keeps out of the compiled ruleset (or compiles to nothing), found while
 * compiling: a rule with errors, a reference to an unknown alias, ipset or group, a bad ipset entry.
 */
public record ConfigProblem(String file, int line, String text, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(message, "message");
    }
}
