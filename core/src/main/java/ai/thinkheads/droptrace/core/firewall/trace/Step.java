package ai.thinkheads.droptrace.core.firewall.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One rule the packet was checked against (shown with {@code --verbose}).
 *
 * @param rule the rule line, or {@code null} for a built-in rule
 * @param builtin a description of the built-in rule, or {@code null}
 * @param outcome {@code MATCH}, {@code NO_MATCH} or {@code SKIPPED} (disabled, errors, other NIC)
 * @param reason why it did or did not match
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Step(String chain, RuleRef rule, String builtin, Outcome outcome, String reason) {

    public enum Outcome { MATCH, NO_MATCH, SKIPPED }

    public Step {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(outcome, "outcome");
    }
}
