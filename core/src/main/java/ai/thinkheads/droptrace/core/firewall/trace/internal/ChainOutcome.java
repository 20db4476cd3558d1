package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.ExpectedLog;

/**
 * What one chain did with a packet.
 *
 * @param action ACCEPT/DROP/REJECT, or {@code null} when the packet fell through (groups, filters)
 * @param log the line pvefw-logger writes for this decision, or {@code null} when it writes none
 */
public record ChainOutcome(Action action, Decider decider, ExpectedLog log) {

    static final ChainOutcome FALL_THROUGH = new ChainOutcome(null, null, null);
}
