package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InstantConverter;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.topic.Namespace;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where the query API is and which event-time range a query covers. */
public final class ApiOptions {

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:7340", converter = UrlConverter.class,
            description = "Query API of a running 'droptrace correlate', with the path prefix a reverse proxy serves "
                    + "it under, if any, and the user and password it asks for (https://USER:PASSWORD@proxy/droptrace). "
                    + "Default: ${DEFAULT-VALUE}.")
    private URI api;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "The namespace the query API must serve; an error when it serves another. Default: any.")
    private String namespace;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cover the last DURATION up to --to (90s, 15m, 1h, 2d). Default: 1h.")
    private Duration since;

    @Option(names = "--from", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Start of the range (ISO-8601, e.g. 2025-11-20T14:00:00Z), for replayed history.")
    private Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", converter = InstantConverter.class, description = "End of the range (ISO-8601). Default: now.")
    private Instant to;

    @Option(names = "--resolution", paramLabel = "minute|hour",
            description = "Bucket size to answer from. Default: minute for ranges up to 3 h that the minute buckets "
                    + "(kept 6 h) still hold, hour otherwise.")
    private String resolution;

    /** The client of {@code --api}; a bad {@code --api} or {@code --namespace} is a usage error before it is asked. */
    ApiClient client() {
        // the HTTP client takes no other scheme: one that only began with "http" (httpx://) was an unexpected failure
        if (api.getScheme() == null || !api.getScheme().equalsIgnoreCase("http")
                && !api.getScheme().equalsIgnoreCase("https") || api.getHost() == null) {
            throw new UserException(ExitCodes.USAGE, "--api must be an http URL like http://127.0.0.1:7340, was "
                    + ApiClient.withoutUserInfo(api));
        }
        if (api.getPort() == 0 || api.getPort() > 65_535) { // the URL parser takes any number; the client then fails
            throw new UserException(ExitCodes.USAGE, "--api " + ApiClient.withoutUserInfo(api) + ": port " + api.getPort()
                    + " is not a TCP port (1-65535)");
        }
        if (api.getRawQuery() != null || api.getRawFragment() != null) {
            throw new UserException(ExitCodes.USAGE, "--api takes a URL without ?query or #fragment (a path prefix is "
                    + "kept), was " + ApiClient.withoutUserInfo(api));
        }
        if (namespace != null) {
            try {
                Namespace.of(namespace);
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, e.getMessage());
            }
        }
        return new ApiClient(api);
    }

    /** The range as query parameters: {@code from=...&to=...[&resolution=...]}. */
    String rangeQuery(Clock clock) {
        if (from != null && since != null) {
            throw new UserException(ExitCodes.USAGE, "give --since or --from, not both");
        }
        if (since != null && since.isZero()) { // was "the range must end after it starts", with now twice to the ns
            throw new UserException(ExitCodes.USAGE, "--since must be longer than 0, like 15m or 1h");
        }
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : startBefore(end, since != null ? since : Duration.ofHours(1));
        if (!end.isAfter(start)) {
            throw new UserException(ExitCodes.USAGE, "the range must end after it starts (from " + start + " to " + end + ")");
        }
        String query = "from=" + start + "&to=" + end;
        if (resolution == null) {
            return query;
        }
        String bucket = resolution.strip().toLowerCase(Locale.ROOT);
        if (!bucket.equals("minute") && !bucket.equals("hour")) {
            throw new UserException(ExitCodes.USAGE, "--resolution must be minute or hour, was '" + resolution + "'");
        }
        return query + "&resolution=" + bucket;
    }

    /** {@code span} before {@code end}, or 1970 when that is earlier: no event is older (and Instant has a limit). */
    private static Instant startBefore(Instant end, Duration span) {
        return span.compareTo(Duration.between(Instant.EPOCH, end)) >= 0 ? Instant.EPOCH : end.minus(span);
    }

    /** Fails when the API serves another namespace than the one asked for. */
    void checkNamespace(JsonNode answer) {
        String served = answer.path("namespace").asText();
        if (namespace != null && !served.equals(namespace)) {
            throw new UserException(ExitCodes.USAGE, "the query API at " + ApiClient.withoutUserInfo(api)
                    + " serves namespace " + served
                    + ", not " + namespace + "; point --api at the correlator of that namespace");
        }
    }

    URI api() {
        return api;
    }

    /** Whether {@code --from} gave the range's start (else it is {@code --since}'s, or the last hour's). */
    boolean fromGiven() {
        return from != null;
    }

    /** Reads {@code --api}; a text that is no URL at all is said in words, not as Java's {@code URISyntaxException}. */
    static final class UrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            try {
                return new URI(text.strip());
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + text + "' is not a URL (" + e.getReason().toLowerCase(Locale.ROOT)
                        + "); write it like http://127.0.0.1:7340");
            }
        }
    }
}
