package ai.thinkheads.droptrace.core.firewall.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One rule line as written, with every option pve-firewall accepts and the errors that keep it
 * out of the compiled ruleset (a rule with errors is skipped, like pve-firewall skips it).
 *
 * @param line 1-based line number in its file
 * @param text the line as written (trimmed)
 * @param section {@code RULES} or {@code group <name>}
 * @param enabled false for a rule disabled with a leading {@code |}
 * @param action {@code ACCEPT}/{@code DROP}/{@code REJECT} as written, or the group name of a GROUP rule
 * @param macro the macro name of {@code SSH(ACCEPT)}, as written, or {@code null}
 * @param log the {@code -log} level, or {@code null} when absent (the same as {@code nolog})
 * @param errors syntax errors found by the parser (reference errors are found when compiling)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rule(
        int line,
        String text,
        String section,
        boolean enabled,
        RuleType type,
        String action,
        String macro,
        String iface,
        String source,
        String dest,
        String proto,
        String dport,
        String sport,
        LogLevel log,
        String icmpType,
        String comment,
        List<String> errors) {

    public Rule {
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive, was " + line);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** True for a rule that logs what it matches ({@code -log} with a level other than {@code nolog}). */
    public boolean logs() {
        return log != null && log.logs();
    }

    /** True for an IN or OUT (or FORWARD) rule whose action is DROP or REJECT. */
    public boolean blocks() {
        return type != RuleType.GROUP && ("DROP".equals(action) || "REJECT".equals(action));
    }
}
