package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.core.flow.PairKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON HTTP API of one instance ({@link JsonHttpServer}). It binds first, so the
 * port is known for {@code application.server} before Kafka Streams is created, and serves once
 * {@link #serve(QueryService)} hands it the running instance.
 *
 * <pre>
 * GET /v1/health
 * GET /v1/pairs/{source}/{destination}?from=&amp;to=&amp;resolution=minute|hour
 * GET /v1/top?by=pair|chain|port|rule&amp;from=&amp;to=&amp;limit=&amp;resolution=
 * GET /v1/alerts?from=&amp;to=&amp;limit=
 * GET /v1/local/top?...   GET /v1/local/alerts?...   (this instance's part, for the other instances)
 * </pre>
 *
 * {@code from} and {@code to} are ISO-8601 instants; without them the last hour up to now.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(QueryServer.class);
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 1000;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final JsonHttpServer server;
    private final Clock clock;
    private volatile QueryService service;

    private QueryServer(InetSocketAddress address, Clock clock) throws IOException {
        this.clock = clock;
        this.server = JsonHttpServer.bind(address, this::answer);
    }

    /** Binds {@code address} (port 0 picks a free port); requests get 503 until {@link #serve} is called. */
    public static QueryServer bind(InetSocketAddress address, Clock clock) {
        try {
            return new QueryServer(address, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for the query API: " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public void serve(QueryService queries) {
        this.service = queries;
    }

    private Answer answer(JsonHttpServer.Request request) {
        try {
            return route(request);
        } catch (IllegalArgumentException e) {
            return Answer.error(Answer.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.atWarn().addKeyValue("error", e.toString()).log("query failed");
            return Answer.error(500, "the query failed: " + e.getMessage());
        }
    }

    private Answer route(JsonHttpServer.Request request) {
        if (!"GET".equals(request.method())) {
            return Answer.error(METHOD_NOT_ALLOWED, "only GET is served");
        }
        QueryService queries = service;
        if (queries == null) {
            return Answer.error(Answer.UNAVAILABLE, "the correlator is still starting; retry shortly");
        }
        String path = request.rawPath();
        Map<String, String> params = params(request.rawQuery());
        boolean forwarded = request.headerNames().contains(PeerClient.FORWARDED_HEADER.toLowerCase(Locale.ROOT));
        String[] parts = path.split("/", -1);
        if (path.equals("/v1/health")) {
            Map<String, String> health = new LinkedHashMap<>();
            health.put("namespace", queries.namespace());
            health.put("state", queries.state().name());
            health.put("instance", queries.self().host() + ":" + queries.self().port());
            if (queries.kafka() != null) {
                health.put("kafka", queries.kafka());
            }
            return Answer.ok(health);
        }
        if (parts.length == 5 && path.startsWith("/v1/pairs/")) {
            only(params, "from", "to", "resolution");
            PairKey pair = new PairKey(PairAddress.logged("source", decode(parts[3])),
                    PairAddress.logged("destination", decode(parts[4])));
            Instant to = to(params);
            Instant from = from(params, to);
            return queries.pair(pair, from, to, resolution(params, from, to), clock.instant(), forwarded);
        }
        if (path.endsWith("/top")) {
            only(params, "by", "from", "to", "limit", "resolution");
        } else if (path.endsWith("/alerts")) {
            only(params, "from", "to", "limit");
        } else if (path.equals("/v1/local/latest") && !params.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter '" + params.keySet().iterator().next()
                    + "': this endpoint takes none");
        }
        return switch (path) {
            case "/v1/top" -> top(queries, params);
            case "/v1/alerts" -> queries.alerts(from(params), ordered(from(params), to(params)), limit(params));
            case "/v1/local/top" -> queries.localTop(TopBy.parse(required(params, "by")), range(queries, params), limit(params));
            case "/v1/local/alerts" -> queries.localAlerts(from(params), ordered(from(params), to(params)),
                    limit(params));
            case "/v1/local/latest" -> queries.localLatest();
            default -> Answer.error(Answer.NOT_FOUND, "no such endpoint: " + path);
        };
    }

    /** The range of {@code from}, {@code to} and {@code resolution} (without one, by its length), as the state has it. */
    private TimeRange range(QueryService queries, Map<String, String> params) {
        String resolution = params.get("resolution");
        Resolution asked = resolution == null ? null : Resolution.parse(resolution);
        Instant to = to(params);
        return queries.range(from(params, to), to, asked, clock.instant());
    }

    private Answer top(QueryService queries, Map<String, String> params) {
        TopBy by = TopBy.parse(required(params, "by"));
        Instant to = to(params);
        Instant from = from(params, to);
        return queries.top(by, from, to, resolution(params, from, to), clock.instant(), limit(params));
    }

    /**
     * The resolution asked for ({@code null}: none), once {@code [from, to)} is known to be a range; the instance
     * that answers decides the range's buckets from it.
     */
    private static Resolution resolution(Map<String, String> params, Instant from, Instant to) {
        String resolution = params.get("resolution");
        Resolution asked = resolution == null ? null : Resolution.parse(resolution);
        TimeRange.of(from, to, asked); // a range that does not end after it starts is a bad request, here
        return asked;
    }

    private Instant to(Map<String, String> params) {
        return params.containsKey("to") ? instant(params, "to") : clock.instant();
    }

    /** {@code from}, or an hour before {@code to}. */
    private static Instant from(Map<String, String> params, Instant to) {
        return params.containsKey("from") ? instant(params, "from") : to.minus(Duration.ofHours(1));
    }

    private Instant from(Map<String, String> params) {
        return params.containsKey("from") ? instant(params, "from") : to(params).minus(Duration.ofHours(1));
    }

    /** {@code to}, when it comes after {@code from}: an alert list, as a time range, ends after it starts. */
    private static Instant ordered(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the range must end after it starts: from " + from + " to " + to);
        }
        return to;
    }

    private static Instant instant(Map<String, String> params, String name) {
        Instant instant;
        try {
            instant = Instant.parse(params.get(name));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant like 2025-11-20T14:00:00Z, was '"
                    + params.get(name) + "'");
        }
        // Buckets are counted in epoch milliseconds; an instant millions of years out has none.
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(name + " must lie between " + EARLIEST + " and " + LATEST + ", was "
                    + instant);
        }
        return instant;
    }

    private static int limit(Map<String, String> params) {
        String text = params.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT));
        try {
            int limit = Integer.parseInt(text);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was '" + text + "'");
        }
    }

    /**
     * Refuses a parameter the endpoint does not take: a {@code since=6h} or a {@code form=} would otherwise be left
     * out without a word and the answer cover the last hour.
     */
    private static void only(Map<String, String> params, String... names) {
        List<String> taken = List.of(names);
        for (String name : params.keySet()) {
            if (!taken.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "': this endpoint takes "
                        + String.join(", ", taken.subList(0, taken.size() - 1)) + " and " + taken.get(taken.size() - 1));
            }
        }
    }

    private static String required(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        return value;
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String before = params.put(name, value);
            if (before != null) { // the last one silently won: by=pair&by=chain answered a top list of chains
                throw new IllegalArgumentException("parameter '" + name + "' is given twice ('" + before + "' and '"
                        + value + "'); give it once");
            }
        }
        return params;
    }

    /**
     * A percent-decoded part of the target. A '+' stays a '+' (no value of this API holds a space, and a zone offset
     * written as it is, {@code from=2025-11-20T14:00:00+01:00}, would read as a space as a form's '+' does).
     */
    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
