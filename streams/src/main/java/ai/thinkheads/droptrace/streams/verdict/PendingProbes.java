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
     * @param passedAfter the first passing result of the same probe after this failure that arrived while it
     *     waited, {@code null} when none did: it is the recovery said once the failure is decided
     */
    public record Pending(ProbeResult result, long deadline, long arrivedAt, ProbeResult passedAfter) {
        public Pending {
            Objects.requireNonNull(result, "result");
        }

        /** Whether {@code pass} is a later result of the same probe that comes before the pass already kept. */
        boolean recoveredBy(ProbeResult pass) {
            return pass.probeId().equals(result.probeId()) && result.time().isBefore(pass.time())
                    && (passedAfter == null || pass.time().isBefore(passedAfter.time()));
        }
    }

    public PendingProbes with(Pending pending) {
        List<Pending> next = new ArrayList<>(probes);
        next.add(pending);
        return new PendingProbes(next);
    }

    /**
     * Keeps {@code pass} as the recovery of the waiting failures of its probe before it; returns {@code null}
     * when no failure of the probe before it waits.
     */
    public PendingProbes withPass(ProbeResult pass) {
        boolean kept = false;
        List<Pending> next = new ArrayList<>(probes.size());
        for (Pending p : probes) {
            boolean earlier = p.result().probeId().equals(pass.probeId()) && p.result().time().isBefore(pass.time());
            kept |= earlier;
            next.add(p.recoveredBy(pass) ? new Pending(p.result(), p.deadline(), p.arrivedAt(), pass) : p);
        }
        return kept ? new PendingProbes(next) : null;
    }

    public PendingProbes without(List<Pending> decided) {
        List<Pending> next = new ArrayList<>(probes);
        next.removeAll(decided);
        return new PendingProbes(next);
    }
}
