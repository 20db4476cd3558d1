package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A {@code firewall} object of the Phoenix JSON: the global one ({@code enabled},
 * {@code default_input_policy}, {@code default_output_policy}, {@code global_firewall_rules}) or a
 * guest's ({@code enabled}, {@code rules}).
 *
 * @param enabled the {@code enabled} value, {@code null} when absent
 * @param inputPolicy {@code default_input_policy} (global only), {@code null} when absent
 * @param logLevelIn a {@code log_level_in} property (proposed by droptrace; no generator reads it)
 * @param rulesAt where the rules array is (its path even when it does not exist, then with line 0)
 * @param unknownKeys keys of the section the generators do not read ({@code policy_in} in a guest's, {@code rule})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FirewallSection(JsonLocation at, Boolean enabled, JsonLocation enabledAt, String inputPolicy,
        JsonLocation inputPolicyAt, String outputPolicy, JsonLocation outputPolicyAt, String logLevelIn,
        String logLevelOut, JsonLocation rulesAt, List<PhoenixRule> rules, List<UnknownKey> unknownKeys) {

    /**
     * A key of the section that no generator reads.
     *
     * @param rules how many elements it holds when it is an array (rules written under another key), else -1
     */
    public record UnknownKey(String key, JsonLocation at, int rules) {
    }

    public FirewallSection {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(rulesAt, "rulesAt");
        rules = List.copyOf(rules);
        unknownKeys = unknownKeys == null ? List.of() : List.copyOf(unknownKeys);
    }

    /** The jq path of the rules array. */
    public String rulesPath() {
        return rulesAt.path();
    }

    public boolean isEnabled() {
        return Boolean.TRUE.equals(enabled);
    }

    public FirewallSection withRules(List<PhoenixRule> replacement) {
        return new FirewallSection(at, enabled, enabledAt, inputPolicy, inputPolicyAt, outputPolicy, outputPolicyAt,
                logLevelIn, logLevelOut, rulesAt, replacement, unknownKeys);
    }
}
