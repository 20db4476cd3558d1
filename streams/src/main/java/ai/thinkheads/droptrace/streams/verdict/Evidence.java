package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops and rejects logged on one flow: counts, and the first few events as evidence. The
 * evidence store keeps one per flow and second of event time; a verdict adds up the slots of its
 * window.
 */
public record Evidence(long drops, long rejects, List<FirewallEvent> events) {

    public static final Evidence NONE = new Evidence(0, 0, List.of());

    public Evidence {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public long blocked() {
        return drops + rejects;
    }

    public Evidence add(FirewallEvent event) {
        List<FirewallEvent> kept = events;
        if (kept.size() < Verdict.MAX_EVIDENCE) {
            kept = new ArrayList<>(events);
            kept.add(event);
        }
        boolean reject = event.action() == Action.REJECT;
        return new Evidence(drops + (reject ? 0 : 1), rejects + (reject ? 1 : 0), kept);
    }

    public Evidence plus(Evidence other) {
        List<FirewallEvent> kept = new ArrayList<>(events);
        for (FirewallEvent e : other.events) {
            if (kept.size() < Verdict.MAX_EVIDENCE) {
                kept.add(e);
            }
        }
        return new Evidence(drops + other.drops, rejects + other.rejects, kept);
    }

    /** The action the log shows: REJECT when only rejects were logged, else DROP. */
    public Action loggedAction() {
        return drops == 0 && rejects > 0 ? Action.REJECT : Action.DROP;
    }
}
