package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.streams.correlate.CorrelationStores;
import ai.thinkheads.droptrace.streams.correlate.EventTimeExtractor;
import ai.thinkheads.droptrace.streams.correlate.RecentEvents;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import ai.thinkheads.droptrace.streams.state.PairAlerts;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import ai.thinkheads.droptrace.streams.state.PairProbes;
import ai.thinkheads.droptrace.streams.state.PairSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Answers from the state stores of this instance only: the partitions it owns. */
public final class LocalStores {

    /** The correlation stores, however they are reached (a running {@code KafkaStreams}, a test driver). */
    public interface Access {
        ReadOnlyWindowStore<PairKey, PairBucket> buckets(Resolution resolution);

        ReadOnlyKeyValueStore<PairKey, PairSummary> summaries();

        ReadOnlyKeyValueStore<String, EventDigest> recentEvents();

        ReadOnlyKeyValueStore<PairKey, PairAlerts> alerts();

        ReadOnlyKeyValueStore<PairKey, PairProbes> probes();
    }

    private final String namespace;
    private final int recentEvents;
    private final Access access;

    /** @param recentEvents how many latest events the topology keeps per pair */
    public LocalStores(String namespace, int recentEvents, Access access) {
        this.namespace = namespace;
        this.recentEvents = recentEvents;
        this.access = access;
    }

    /** Store access through the active tasks of a running instance. */
    public static Access of(KafkaStreams streams) {
        return new Access() {
            @Override
            public ReadOnlyWindowStore<PairKey, PairBucket> buckets(Resolution resolution) {
                return streams.store(StoreQueryParameters.fromNameAndType(resolution.store(),
                        QueryableStoreTypes.<PairKey, PairBucket>windowStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<PairKey, PairSummary> summaries() {
                return keyValue(CorrelationStores.SUMMARY);
            }

            @Override
            public ReadOnlyKeyValueStore<String, EventDigest> recentEvents() {
                return streams.store(StoreQueryParameters.fromNameAndType(CorrelationStores.RECENT_EVENTS,
                        QueryableStoreTypes.<String, EventDigest>keyValueStore()));
            }

            @Override
            public ReadOnlyKeyValueStore<PairKey, PairAlerts> alerts() {
                return keyValue(CorrelationStores.ALERTS);
            }

            @Override
            public ReadOnlyKeyValueStore<PairKey, PairProbes> probes() {
                return keyValue(CorrelationStores.PROBES);
            }

            private <V> ReadOnlyKeyValueStore<PairKey, V> keyValue(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<PairKey, V>keyValueStore()));
            }
        };
    }

    /** The state of {@code pair}, which this instance must own. */
    public PairReport pair(PairKey pair, TimeRange range) {
        PairBucket inRange = PairBucket.EMPTY;
        List<PairReport.Bucket> timeline = new ArrayList<>();
        if (hasBuckets(range)) {
            try (WindowStoreIterator<PairBucket> it = access.buckets(range.resolution())
                    .fetch(pair, firstFetched(range), range.lastBucketStart())) {
                while (it.hasNext()) {
                    var kv = it.next();
                    inRange = inRange.plus(kv.value);
                    timeline.add(new PairReport.Bucket(Instant.ofEpochMilli(kv.key), kv.value.total()));
                }
            }
        }
        PairSummary summary = access.summaries().get(pair);
        PairAlerts alerts = access.alerts().get(pair);
        PairProbes probes = access.probes().get(pair);
        PairSummary s = summary == null ? PairSummary.EMPTY : summary;
        return new PairReport(namespace, pair.source(), pair.destination(), summary != null, range, inRange.total(),
                inRange.byProtocol(), inRange.byPort(), inRange.byChain(), inRange.byRule(), timeline, s.firstSeen(), s.lastSeen(),
                s.firstBlocked(), s.lastBlocked(), s.total(), s.late(),
                RecentEvents.read(access.recentEvents(), pair, s.received(), recentEvents),
                alerts == null ? List.of() : alerts.recent(),
                probes == null ? List.of() : List.copyOf(probes.byProbe().values()));
    }

    /**
     * This instance's part of a top list: counts per key over the range. Chains, ports and rules are
     * returned in full (other instances hold counts of the same keys); pairs live on one instance
     * only, so the local first {@code limit} are exact.
     */
    public Map<String, ActionCounts> top(TopBy by, TimeRange range, int limit) {
        Map<String, ActionCounts> counts = new HashMap<>();
        if (!hasBuckets(range)) {
            return counts;
        }
        try (KeyValueIterator<Windowed<PairKey>, PairBucket> it = access.buckets(range.resolution())
                .fetchAll(firstFetched(range), range.lastBucketStart())) {
            while (it.hasNext()) {
                var kv = it.next();
                PairBucket bucket = kv.value;
                BiConsumer<String, ActionCounts> add = (key, c) -> counts.merge(key, c, ActionCounts::plus);
                switch (by) {
                    case PAIR -> add.accept(kv.key.key().encode(), bucket.total());
                    case CHAIN -> bucket.byChain().forEach(add);
                    case PORT -> bucket.byPort().forEach(add);
                    case RULE -> bucket.byRule().forEach(add);
                    default -> throw new IllegalStateException("unknown top list " + by);
                }
            }
        }
        if (by != TopBy.PAIR) {
            return counts;
        }
        return TopList.rank(counts, limit).stream().collect(Collectors.toMap(TopList.Row::key, TopList.Row::counts));
    }

    /**
     * Whether any bucket can lie in the range: not when it ends before 1970 (see {@link #firstFetched}), nor when all
     * of it is older than the buckets kept ({@link #kept}).
     */
    private static boolean hasBuckets(TimeRange range) {
        return !range.lastBucketStart().isBefore(firstFetched(range));
    }

    /**
     * The first bucket start to fetch: the range's, or the epoch for a range that starts before 1970. No bucket
     * starts earlier (Kafka times are not negative), and a window store asked for a negative time fails ("segment
     * interval has changed") instead of answering.
     */
    private static Instant firstFetched(TimeRange range) {
        return range.bucketsFrom().isBefore(Instant.EPOCH) ? Instant.EPOCH : range.bucketsFrom();
    }

    /**
     * The range {@code [from, to)} at the resolution asked for ({@code null}: the one its length calls for), as the
     * buckets this instance still keeps answer it. A window store keeps its buckets for its retention
     * ({@code minuteRetention}, {@code hourRetention}) of stream time, the latest event or probe time its task has
     * seen, and answers nothing for older ones. A range left to its length that starts before the oldest minute bucket
     * kept (an hour of yesterday, which counted nothing) is answered from hour buckets. One that starts before the
     * oldest bucket of its resolution still kept (an explicit {@code minute} over more than 6 h, any over more than 7
     * days) is cut to the buckets kept, with a {@code cut} that says so, where it was answered "as asked" for a part of
     * it without a word (and more of it while the store's cache still held older buckets). The latest time is taken
     * over this instance's pairs, and at most {@code now} plus a minute, as stream time is ({@link EventTimeExtractor}).
     */
    public TimeRange kept(Instant from, Instant to, Resolution asked, Instant now, Duration minuteRetention,
            Duration hourRetention) {
        return kept(from, to, asked, now, minuteRetention, hourRetention, this::latestTime);
    }

    /**
     * As {@link #kept(Instant, Instant, Resolution, Instant, Duration, Duration)}, with the latest event or probe time
     * {@code latest} gives (asked only when the range may start before the buckets kept): over every instance, for an
     * answer that gathers or forwards, so that each instance answers a range alike whichever pairs it owns.
     */
    TimeRange kept(Instant from, Instant to, Resolution asked, Instant now, Duration minuteRetention,
            Duration hourRetention, Supplier<Instant> latestTime) {
        TimeRange range = TimeRange.of(from, to, asked);
        Instant latestStreamTime = now.plus(EventTimeExtractor.AHEAD_OF_CLOCK);
        if (!range.bucketsFrom().isBefore(oldestKept(latestStreamTime, range, minuteRetention, hourRetention))) {
            return range; // kept whatever stream time is (the last hours of a live namespace): no pair is read
        }
        Instant latest = latestTime.get();
        if (latest == null) {
            return range;
        }
        Instant streamTime = latest.isAfter(latestStreamTime) ? latestStreamTime : latest;
        if (asked == null && range.resolution() == Resolution.MINUTE
                && range.bucketsFrom().isBefore(oldestKept(streamTime, range, minuteRetention, hourRetention))) {
            range = TimeRange.of(from, to, Resolution.HOUR);
        }
        Instant oldestKept = oldestKept(streamTime, range, minuteRetention, hourRetention);
        if (!range.bucketsFrom().isBefore(oldestKept)) {
            return range;
        }
        Instant firstKept = TimeRange.firstBucketFrom(oldestKept, range.resolution());
        boolean minutes = range.resolution() == Resolution.MINUTE;
        return range.keptFrom(firstKept, range.resolution().word() + " buckets are kept "
                + span(minutes ? minuteRetention : hourRetention) + " of event time: the range before " + firstKept
                + " is not counted" + (minutes ? "; hour buckets cover it" : ""));
    }

    /** The oldest time the buckets of {@code range}'s resolution still hold at {@code streamTime}. */
    private static Instant oldestKept(Instant streamTime, TimeRange range, Duration minuteRetention,
            Duration hourRetention) {
        Duration retention = range.resolution() == Resolution.MINUTE ? minuteRetention : hourRetention;
        return streamTime.minus(retention).plusMillis(1);
    }

    /** {@code 6 h}, {@code 7 days}. */
    private static String span(Duration retention) {
        long hours = retention.toHours();
        return hours < 48 || hours % 24 != 0 ? hours + " h" : hours / 24 + " days";
    }

    /** The latest event or probe time of this instance's pairs; {@code null} when there is none. */
    Instant latestTime() {
        Instant latest = null;
        try (KeyValueIterator<PairKey, PairSummary> it = access.summaries().all()) {
            while (it.hasNext()) {
                latest = later(latest, it.next().value.lastSeen());
            }
        }
        try (KeyValueIterator<PairKey, PairProbes> it = access.probes().all()) {
            while (it.hasNext()) {
                for (PairProbes.LastProbe probe : it.next().value.byProbe().values()) {
                    latest = later(latest, probe.time());
                }
            }
        }
        return latest;
    }

    static Instant later(Instant a, Instant b) {
        return a == null || b != null && b.isAfter(a) ? b : a;
    }

    /** The alerts this instance's pairs raised in {@code [from, to)}, newest first, at most {@code limit}. */
    public List<Alert> alerts(Instant from, Instant to, int limit) {
        List<Alert> found = new ArrayList<>();
        try (KeyValueIterator<PairKey, PairAlerts> it = access.alerts().all()) {
            while (it.hasNext()) {
                for (Alert alert : it.next().value.recent()) {
                    if (!alert.time().isBefore(from) && alert.time().isBefore(to)) {
                        found.add(alert);
                    }
                }
            }
        }
        found.sort(AlertList.NEWEST_FIRST);
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    public String namespace() {
        return namespace;
    }
}
