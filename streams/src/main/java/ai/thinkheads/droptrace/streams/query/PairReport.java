package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import ai.thinkheads.droptrace.streams.state.PairProbes;
import ai.thinkheads.droptrace.streams.state.SortedMaps;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to a pair query: the pair's state within a time range (counts by protocol, port and
 * chain, and a timeline of its non-empty buckets) and overall (first and last seen, counts since
 * the state began, latest events, alerts and probe results). {@code seen} is false for a pair with
 * no events at all.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PairReport(
        String namespace,
        String source,
        String destination,
        boolean seen,
        TimeRange range,
        ActionCounts inRange,
        Map<String, ActionCounts> byProtocol,
        Map<String, ActionCounts> byPort,
        Map<String, ActionCounts> byChain,
        Map<String, ActionCounts> byRule,
        List<Bucket> timeline,
        Instant firstSeen,
        Instant lastSeen,
        Instant firstBlocked,
        Instant lastBlocked,
        ActionCounts allTime,
        long late,
        List<EventDigest> recentEvents,
        List<Alert> recentAlerts,
        List<PairProbes.LastProbe> probes) {

    public PairReport {
        byProtocol = SortedMaps.copyOf(byProtocol);
        byPort = SortedMaps.copyOf(byPort);
        byChain = SortedMaps.copyOf(byChain);
        byRule = SortedMaps.copyOf(byRule);
        timeline = List.copyOf(timeline);
        recentEvents = List.copyOf(recentEvents);
        recentAlerts = List.copyOf(recentAlerts);
        probes = List.copyOf(probes);
    }

    /** One non-empty bucket of the timeline. */
    public record Bucket(Instant start, ActionCounts counts) {
    }
}
