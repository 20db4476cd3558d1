package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops and rejects logged on one flow: counts, and the first few lines. The evidence store keeps
 * one per flow and second of event time ({@link EvidenceSerde}, a compact binary form: the store is
 * read and rewritten for every blocked event); a verdict adds up the slots of its window.
 */
public record Evidence(long drops, long rejects, List<LoggedLine> lines) {

    public static final Evidence NONE = new Evidence(0, 0, List.of());

    public Evidence {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    public long blocked() {
        return drops + rejects;
    }

    public Evidence add(LoggedLine line) {
        List<LoggedLine> kept = lines;
        if (kept.size() < Verdict.MAX_EVIDENCE) {
            kept = new ArrayList<>(lines);
            kept.add(line);
        }
        boolean reject = line.action() == Action.REJECT;
        return new Evidence(drops + (reject ? 0 : 1), rejects + (reject ? 1 : 0), kept);
    }

    public Evidence plus(Evidence other) {
        List<LoggedLine> kept = new ArrayList<>(lines);
        for (LoggedLine l : other.lines) {
            if (kept.size() < Verdict.MAX_EVIDENCE) {
                kept.add(l);
            }
        }
        return new Evidence(drops + other.drops, rejects + other.rejects, kept);
    }

    /** The action the log shows: REJECT when only rejects were logged, else DROP. */
    public Action loggedAction() {
        return drops == 0 && rejects > 0 ? Action.REJECT : Action.DROP;
    }
}
