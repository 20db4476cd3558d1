package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.probe.ProbeResult;

/** What the verdict processor reads: the firewall events and the probe results of a pair, merged. */
public sealed interface VerdictInput {

    record EventSeen(FirewallEvent event) implements VerdictInput {
    }

    record ProbeSeen(ProbeResult result) implements VerdictInput {
    }
}
