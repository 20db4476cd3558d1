package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationStores;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The query API's answers. A pair query goes to the instance that owns the pair (from Kafka
 * Streams' {@code application.server} metadata); top lists and alert lists gather this instance's
 * part and every other instance's part and merge them. So any instance gives the same answer.
 */
public final class QueryService {

    private static final TypeReference<Map<String, ActionCounts>> COUNTS = new TypeReference<>() { };
    private static final TypeReference<List<Alert>> ALERTS = new TypeReference<>() { };

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LocalStores local;
    private final PeerClient peers = new PeerClient();
    private final Supplier<String> kafka;
    private final Duration minuteRetention;
    private final Duration hourRetention;

    public QueryService(KafkaStreams streams, HostInfo self, CorrelationSettings settings) {
        this(streams, self, settings, null);
    }

    /** @param kafka whether Kafka answers, in words, for the health answer ({@code null}: not watched) */
    public QueryService(KafkaStreams streams, HostInfo self, CorrelationSettings settings, Supplier<String> kafka) {
        this.streams = streams;
        this.self = self;
        this.local = new LocalStores(settings.namespace().name(), settings.recentEvents(), LocalStores.of(streams));
        this.kafka = kafka;
        this.minuteRetention = settings.minuteRetention();
        this.hourRetention = settings.hourRetention();
    }

    /**
     * The range {@code [from, to)} at the resolution asked for or, when {@code null}, the one its length calls for, as
     * the buckets this instance still keeps answer it ({@link LocalStores#kept}): for its part of a list another
     * instance gathers, which asks with the range it decided; as asked, when the state is not queryable yet (the
     * query then says so).
     */
    public TimeRange range(Instant from, Instant to, Resolution asked, Instant now) {
        try {
            return local.kept(from, to, asked, now, minuteRetention, hourRetention);
        } catch (InvalidStateStoreException e) {
            return TimeRange.of(from, to, asked);
        }
    }

    /**
     * As {@link #range}, by the latest event or probe time of every instance's pairs, which the other instances are
     * asked for when the range may start before the buckets kept. Decided by one instance's pairs alone, an instance
     * that owns none (more instances than tasks, a replayed namespace of one partition) answered an hour of yesterday
     * from minute buckets, which its owner no longer keeps: nothing, where the owner answered it from hour buckets.
     */
    private TimeRange rangeOverInstances(Instant from, Instant to, Resolution asked, Instant now) {
        return local.kept(from, to, asked, now, minuteRetention, hourRetention, this::latestOverInstances);
    }

    private Instant latestOverInstances() {
        Instant latest = null;
        for (HostInfo host : instances()) {
            latest = LocalStores.later(latest, host.equals(self) ? local.latestTime() : peerLatest(host));
        }
        return latest;
    }

    /** The latest time of another instance's pairs; {@code null} when it has none, or is of a version that cannot say. */
    private Instant peerLatest(HostInfo host) {
        Answer answer = peers.get(host, "/v1/local/latest");
        if (answer.status() == Answer.NOT_FOUND) {
            return null; // an instance of an earlier version (a rolling upgrade): decided without its pairs, as before
        }
        if (answer.status() != Answer.OK) {
            throw new PeerFailure(answer);
        }
        try {
            JsonNode latest = Json.events().readTree(answer.body()).path("latest");
            return latest.isTextual() ? Instant.parse(latest.asText()) : null;
        } catch (IOException | DateTimeParseException e) {
            throw new PeerFailure(Answer.error(Answer.BAD_GATEWAY, "the instance at " + host.host() + ":" + host.port()
                    + " answered its latest time with something unreadable: " + e.getMessage()));
        }
    }

    public String namespace() {
        return local.namespace();
    }

    public HostInfo self() {
        return self;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Whether Kafka answers, in words ({@code answering}, {@code not answering since ...}); {@code null}: not watched. */
    public String kafka() {
        return kafka == null ? null : kafka.get();
    }

    /**
     * The pair's state over {@code [from, to)} (at the resolution {@code asked}, or {@code null}), answered here when
     * this instance owns it, else by the owner, which is asked as this instance was and decides the range itself.
     */
    public Answer pair(PairKey pair, Instant from, Instant to, Resolution asked, Instant now, boolean forwarded) {
        return guarded(() -> {
            KeyQueryMetadata owner = streams.queryMetadataForKey(CorrelationStores.SUMMARY, pair,
                    CorrelationStores.KEY.serializer());
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) || owner.activeHost() == null) {
                return Answer.error(Answer.UNAVAILABLE, "no instance owns pair " + pair + " right now; retry shortly");
            }
            if (owner.activeHost().equals(self)) {
                return Answer.ok(local.pair(pair, rangeOverInstances(from, to, asked, now)));
            }
            if (forwarded) {
                return Answer.error(Answer.UNAVAILABLE, "pair " + pair + " moved to another instance; retry");
            }
            return peers.get(owner.activeHost(), "/v1/pairs/" + encode(pair.source()) + "/" + encode(pair.destination())
                    + "?from=" + from + "&to=" + to + (asked == null ? "" : "&resolution=" + asked.word()));
        });
    }

    /**
     * A top list over every instance, of {@code [from, to)} at the resolution {@code asked} (or {@code null}); every
     * instance counts its part of the buckets this one decided on.
     */
    public Answer top(TopBy by, Instant from, Instant to, Resolution asked, Instant now, int limit) {
        return guarded(() -> {
            TimeRange range = rangeOverInstances(from, to, asked, now);
            Map<String, ActionCounts> merged = new HashMap<>();
            String path = "/v1/local/top?by=" + by.name().toLowerCase(java.util.Locale.ROOT) + "&" + partQuery(range)
                    + "&limit=" + limit;
            for (HostInfo host : instances()) {
                if (!host.equals(self) && !range.bucketsFrom().isBefore(range.bucketsTo())) {
                    continue; // all of the range lies before the buckets kept: no instance has a part of it
                }
                Map<String, ActionCounts> part = host.equals(self) ? local.top(by, range, limit)
                        : Json.events().readValue(peerBody(host, path), COUNTS);
                part.forEach((key, counts) -> merged.merge(key, counts, ActionCounts::plus));
            }
            return Answer.ok(new TopList(namespace(), by, range, limit, TopList.rank(merged, limit)));
        });
    }

    /** The latest event or probe time of this instance's pairs, for another instance that decides a range. */
    public Answer localLatest() {
        return guarded(() -> {
            Map<String, Instant> latest = new HashMap<>();
            Instant time = local.latestTime();
            if (time != null) {
                latest.put("latest", time);
            }
            return Answer.ok(latest);
        });
    }

    /** The latest alerts over every instance. */
    public Answer alerts(Instant from, Instant to, int limit) {
        return guarded(() -> {
            List<Alert> merged = new ArrayList<>();
            String path = "/v1/local/alerts?from=" + from + "&to=" + to + "&limit=" + limit;
            for (HostInfo host : instances()) {
                merged.addAll(host.equals(self) ? local.alerts(from, to, limit)
                        : Json.events().readValue(peerBody(host, path), ALERTS));
            }
            merged.sort(AlertList.NEWEST_FIRST);
            List<Alert> first = merged.size() > limit ? merged.subList(0, limit) : merged;
            return Answer.ok(new AlertList(namespace(), from, to, limit, first));
        });
    }

    /** This instance's part of a top list. */
    public Answer localTop(TopBy by, TimeRange range, int limit) {
        return guarded(() -> Answer.ok(local.top(by, range, limit)));
    }

    /** This instance's part of an alert list. */
    public Answer localAlerts(Instant from, Instant to, int limit) {
        return guarded(() -> Answer.ok(local.alerts(from, to, limit)));
    }

    private List<HostInfo> instances() {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata metadata : streams.streamsMetadataForStore(CorrelationStores.SUMMARY)) {
            hosts.add(metadata.hostInfo());
        }
        if (hosts.isEmpty()) {
            throw new InvalidStateStoreException("no instance hosts the correlation state yet");
        }
        hosts.sort(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port));
        return hosts;
    }

    private byte[] peerBody(HostInfo host, String path) {
        Answer answer = peers.get(host, path);
        if (answer.status() != Answer.OK) {
            throw new PeerFailure(answer);
        }
        return answer.body();
    }

    /**
     * The range of another instance's part of a list: from the first bucket this instance decided on (later than
     * {@code from} when the range was cut to the buckets kept), at its resolution, so that the part counts those
     * buckets and no others.
     */
    static String partQuery(TimeRange range) {
        Instant from = range.bucketsFrom().isAfter(range.from()) ? range.bucketsFrom() : range.from();
        return "from=" + from + "&to=" + range.to() + "&resolution="
                + range.resolution().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    private interface Query {
        Answer run() throws IOException;
    }

    private Answer guarded(Query query) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Answer.error(Answer.UNAVAILABLE, "Kafka Streams is " + state + "; retry once it is running");
        }
        try {
            return query.run();
        } catch (InvalidStateStoreException e) {
            return Answer.error(Answer.UNAVAILABLE, "state is not queryable right now (" + e.getMessage()
                    + "); retry shortly");
        } catch (PeerFailure e) {
            return e.answer;
        } catch (IOException e) {
            return Answer.error(Answer.BAD_GATEWAY, "another instance answered with something unreadable: "
                    + e.getMessage());
        }
    }

    /** Another instance did not give its part: its answer is passed on. */
    private static final class PeerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Answer answer;

        PeerFailure(Answer answer) {
            super("peer answered " + answer.status(), null, false, false);
            this.answer = answer;
        }
    }
}
