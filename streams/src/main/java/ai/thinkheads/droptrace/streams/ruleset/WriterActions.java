package ai.thinkheads.droptrace.streams.ruleset;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.trace.Attribution;

/**
 * The action of a log line that names none, from the rule that wrote it. pve-firewall writes a security group's rule
 * lines without a message, so without an action ({@code 0 6 GROUP-webgateway-IN ... IN=fwbr101i0 ...}; and the host's
 * IN rules between pve-firewall 3.0-19 and 4.1-1): taken as written, a group's logged DROP on a path that must work was
 * no drop, raised no alert and was no evidence, while the ruleset named the DROP rule that wrote it.
 */
public final class WriterActions {

    private WriterActions() {
    }

    /**
     * {@code event} with the action of its writer when it names none and {@code attribution} (of the ruleset in
     * effect) names the rule, policy or built-in rule that wrote it; else {@code event} as it is.
     */
    public static FirewallEvent of(FirewallEvent event, Attribution attribution) {
        if (event.action() != null || attribution == null || !attribution.attributed() || attribution.action() == null) {
            return event;
        }
        return event.withAction(attribution.action());
    }
}
