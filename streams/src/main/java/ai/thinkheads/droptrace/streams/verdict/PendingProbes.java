package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.probe.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The failed probes of a pair that wait for late log lines. */
public record PendingProbes(List<Pending> probes) {

    /** At most this many wait per pair; an older one is decided early to make room. */
    public static final int MAX = 64;

    public PendingProbes {
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    /**
     * One waiting failure.
     *
     * @param deadline the event time after which it is decided ({@code t + window + grace})
     * @param arrivedAt the wall-clock time its result arrived
     */
    public record Pending(ProbeResult result, long deadline, long arrivedAt) {
        public Pending {
            Objects.requireNonNull(result, "result");
        }
    }

    public PendingProbes with(Pending pending) {
        List<Pending> next = new ArrayList<>(probes);
        next.add(pending);
        return new PendingProbes(next);
    }

    public PendingProbes without(List<Pending> decided) {
        List<Pending> next = new ArrayList<>(probes);
        next.removeAll(decided);
        return new PendingProbes(next);
    }
}
