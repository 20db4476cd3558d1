package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.trace.Builtin;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.RuleRef;
import java.util.List;

/** One position of a compiled chain. */
public sealed interface Entry {

    /**
     * A rule line: its matches per IP version (a macro has several; a rule pinned to one version
     * has none for the other) and the log message pve-firewall gives it in each version.
     */
    record RuleEntry(RuleRef ref, Action action, List<Match> v4, List<Match> v6, String messageV4, String messageV6,
            int logVmid, boolean macro) implements Entry {

        public List<Match> matches(int family) {
            return family == 4 ? v4 : v6;
        }

        public String message(int family) {
            return family == 4 ? messageV4 : messageV6;
        }
    }

    /** A {@code GROUP name} line: jumps into the group's chain; {@code chain} is {@code null} for an unknown group. */
    record GroupEntry(RuleRef ref, String group, String iface, boolean ifaceOut, Chain chain) implements Entry {
    }

    /** A rule pve-firewall adds by itself. */
    record BuiltinEntry(Builtin builtin, String description, Condition condition, Action action, LogLevel log,
            String logChain) implements Entry {
    }

    /** The chain's default policy (for DROP/REJECT, after the built-in noise filters before it). */
    record PolicyEntry(Decider.PolicyDecision decision, int logVmid) implements Entry {
    }

    /**
     * A rule line that is not compiled (disabled, errors, forward), kept to explain it in {@code --verbose} and to name
     * it as a possible writer of a log line from before it was disabled or broken; {@code action} is {@code null} for a
     * line that is no IN or OUT rule with an action.
     */
    record SkippedEntry(RuleRef ref, String reason, Action action) implements Entry {
    }

    /** The test of a built-in rule. */
    @FunctionalInterface
    interface Condition {
        boolean test(PacketView p);
    }
}
