package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The latest result of every probe of one (source, destination) pair, by probe id. At most
 * {@link #MAX_PROBES} probes are kept; a new probe replaces the one whose result is oldest.
 */
public record PairProbes(Map<String, LastProbe> byProbe) {

    public static final int MAX_PROBES = 32;
    public static final PairProbes EMPTY = new PairProbes(Map.of());

    public PairProbes {
        byProbe = SortedMaps.copyOf(byProbe);
    }

    /** Keeps {@code result} unless a result of the same probe with a later time is already kept. */
    public PairProbes add(ProbeResult result) {
        LastProbe kept = byProbe.get(result.probeId());
        if (kept != null && kept.time().isAfter(result.time())) {
            return this;
        }
        TreeMap<String, LastProbe> next = new TreeMap<>(byProbe);
        next.put(result.probeId(), LastProbe.of(result));
        while (next.size() > MAX_PROBES) {
            next.values().stream().min(Comparator.comparing(LastProbe::time).thenComparing(LastProbe::probeId))
                    .ifPresent(oldest -> next.remove(oldest.probeId()));
        }
        return new PairProbes(next);
    }

    /** One probe's latest result, as the pair state keeps it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastProbe(String probeId, ProbeKind kind, Instant time, String protocol, int port,
            ProbeOutcome outcome, boolean passed, String explanation) {
        public LastProbe {
            Objects.requireNonNull(probeId, "probeId");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(outcome, "outcome");
        }

        static LastProbe of(ProbeResult r) {
            return new LastProbe(r.probeId(), r.kind(), r.time(), r.protocol(), r.port(), r.outcome(), r.passed(),
                    r.explanation());
        }
    }
}
