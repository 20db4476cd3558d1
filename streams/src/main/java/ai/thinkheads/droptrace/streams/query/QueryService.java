package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationStores;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
     * the buckets still kept answer it ({@link LocalStores#kept}); as asked, when the state is not queryable yet (the
     * query then says so).
     */
    public TimeRange range(Instant from, Instant to, Resolution asked, Instant now) {
        try {
            return local.kept(from, to, asked, now, minuteRetention, hourRetention);
        } catch (InvalidStateStoreException e) {
            return TimeRange.of(from, to, asked);
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

    /** The pair's state, answered here when this instance owns it, else by the owner. */
    public Answer pair(PairKey pair, TimeRange range, boolean forwarded) {
        return guarded(() -> {
            KeyQueryMetadata owner = streams.queryMetadataForKey(CorrelationStores.SUMMARY, pair,
                    CorrelationStores.KEY.serializer());
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) || owner.activeHost() == null) {
                return Answer.error(Answer.UNAVAILABLE, "no instance owns pair " + pair + " right now; retry shortly");
            }
            if (owner.activeHost().equals(self)) {
                return Answer.ok(local.pair(pair, range));
            }
            if (forwarded) {
                return Answer.error(Answer.UNAVAILABLE, "pair " + pair + " moved to another instance; retry");
            }
            return peers.get(owner.activeHost(), "/v1/pairs/" + encode(pair.source()) + "/" + encode(pair.destination())
                    + "?" + rangeQuery(range));
        });
    }

    /** A top list over every instance. */
    public Answer top(TopBy by, TimeRange range, int limit) {
        return guarded(() -> {
            Map<String, ActionCounts> merged = new HashMap<>();
            String path = "/v1/local/top?by=" + by.name().toLowerCase(java.util.Locale.ROOT) + "&" + rangeQuery(range)
                    + "&limit=" + limit;
            for (HostInfo host : instances()) {
                Map<String, ActionCounts> part = host.equals(self) ? local.top(by, range, limit)
                        : Json.events().readValue(peerBody(host, path), COUNTS);
                part.forEach((key, counts) -> merged.merge(key, counts, ActionCounts::plus));
            }
            return Answer.ok(new TopList(namespace(), by, range, limit, TopList.rank(merged, limit)));
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

    static String rangeQuery(TimeRange range) {
        return "from=" + range.from() + "&to=" + range.to() + "&resolution="
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
