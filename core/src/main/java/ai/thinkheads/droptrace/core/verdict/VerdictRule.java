package ai.thinkheads.droptrace.core.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The rule, default policy or built-in rule a verdict names.
 *
 * @param kind {@code rule}, {@code policy}, {@code builtin} or {@code none} (no firewall on the path)
 * @param action what it does to the probe's packet
 * @param file the file of the rule, or of the option that sets the policy; {@code null} for built-ins
 * @param line the line of the rule or policy option; {@code null} when the policy is a default
 * @param section {@code RULES}, {@code group <name>} or {@code OPTIONS}
 * @param text the rule as written, or {@code policy_in: DROP (default)}
 * @param chain the chain it decides in
 * @param logged whether pve-firewall logs this decision
 * @param description the decider in one line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerdictRule(String kind, Action action, String file, Integer line, String section, String text,
        String chain, boolean logged, String description) {

    public VerdictRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    /** {@code firewall/102.fw:7}, {@code firewall/102.fw:policy_in} for a default policy, or the kind. */
    public String location() {
        if (file == null) {
            return kind;
        }
        if (line != null) {
            return file + ":" + line;
        }
        return text != null && text.startsWith("policy_") ? file + ":" + text.substring(0, text.indexOf(':') < 0
                ? text.length() : text.indexOf(':')) : file;
    }
}
