package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What decided a packet's fate in one chain: a rule line, a chain's default policy, a built-in rule, or no firewall at all. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Decider.RuleDecision.class, name = "rule"),
    @JsonSubTypes.Type(value = Decider.PolicyDecision.class, name = "policy"),
    @JsonSubTypes.Type(value = Decider.BuiltinDecision.class, name = "builtin"),
    @JsonSubTypes.Type(value = Decider.NoFirewall.class, name = "none")
})
public sealed interface Decider {

    /**
     * A rule line decided.
     *
     * @param rule the rule that matched (for a security group: the rule inside the group)
     * @param via the {@code GROUP name} line that jumped into the group, or {@code null}
     * @param macroEntry for a macro rule, which of its expansions matched ({@code tcp dport 22}), else {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleDecision(Action action, RuleRef rule, RuleRef via, String macroEntry) implements Decider {
        @Override
        public String describe() {
            return "rule " + rule.location() + " [" + rule.section() + "] '" + rule.text() + "' (chain " + rule.chain()
                    + (via == null ? "" : ", via " + via.location() + " '" + via.text() + "'") + ")";
        }
    }

    /**
     * A chain's default policy decided.
     *
     * @param file the file whose option sets the policy ({@code cluster.fw} for the host, the guest's file)
     * @param line the line of the {@code policy_in}/{@code policy_out} option, {@code null} when it is the default
     * @param option {@code policy_in} or {@code policy_out}
     * @param logLevel the policy's log level ({@code log_level_in}/{@code log_level_out})
     * @param logFile the file whose option sets the log level (host policies: {@code host.fw})
     * @param logLine the line of that option, {@code null} when it is the default {@code nolog}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PolicyDecision(Action action, String chain, String file, Integer line, String option, LogLevel logLevel,
            String logFile, Integer logLine, String logOption) implements Decider {
        @Override
        public String describe() {
            return "policy " + action + " of " + chain + " (" + option + (line == null ? ", default, not set in "
                    + file : " at " + file + ":" + line) + ")";
        }
    }

    /** A rule pve-firewall adds by itself decided. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BuiltinDecision(Action action, Builtin builtin, String chain, String description, LogLevel logLevel)
            implements Decider {
        @Override
        public String describe() {
            return "built-in rule of " + chain + ": " + description;
        }
    }

    /** No firewall chain on the path: the packet passes (the reason says why: disabled, no file, firewall=0). */
    record NoFirewall(Action action, String reason) implements Decider {
        @Override
        public String describe() {
            return "no firewall: " + reason;
        }
    }

    Action action();

    /** The decider in one line: {@code rule firewall/102.fw:7 [RULES] 'IN ACCEPT ...' (chain veth102i0-IN)}. */
    @JsonIgnore
    String describe();
}
