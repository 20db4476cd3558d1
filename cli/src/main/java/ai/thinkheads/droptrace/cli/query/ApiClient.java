package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to the query API of a running {@code droptrace correlate}. While the correlator is starting
 * or rebalancing it answers 503; the client asks again for a bounded time.
 */
final class ApiClient {

    private static final Duration RETRY_FOR = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern HTML_TITLE = Pattern.compile("<title[^>]*>([^<]*)</title>", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The API's URL without the user and password it may name, which no message shows. */
    private final URI base;
    /** The {@code Authorization} header of the user and password {@code --api} names; {@code null}: none. */
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param api the API's URL; a user and password in it ({@code https://USER:PASSWORD@proxy/droptrace}, as curl
     *     takes them) are sent with HTTP basic authentication, for a reverse proxy that asks for them: Java's client
     *     sent nothing, and the proxy's 401 ended every query
     */
    ApiClient(URI api) {
        this.base = withoutUserInfo(api);
        String user = api.getUserInfo(); // percent escapes decoded: a password with '@' is written p%40ss
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user.indexOf(':') < 0 ? user + ":" : user).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code api} without its user and password, for requests and for messages. */
    static URI withoutUserInfo(URI api) {
        if (api.getRawUserInfo() == null) {
            return api;
        }
        String authority = api.getRawAuthority();
        return URI.create(api.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                + (api.getRawPath() == null ? "" : api.getRawPath())
                + (api.getRawQuery() == null ? "" : "?" + api.getRawQuery())
                + (api.getRawFragment() == null ? "" : "#" + api.getRawFragment()));
    }

    /**
     * GETs {@code pathAndQuery} (absolute, {@code /v1/...}) under the base's path, and returns the JSON document of a
     * 200 answer: {@code --api https://proxy/droptrace} asks {@code https://proxy/droptrace/v1/...}, as a reverse
     * proxy that serves the API under a prefix expects.
     */
    JsonNode get(String pathAndQuery) {
        URI uri = under(base, pathAndQuery);
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            HttpResponse<String> response = send(uri);
            if (response.statusCode() == 200) {
                return parse(response.body());
            }
            String error = errorOf(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
            if (response.statusCode() == 503 && System.nanoTime() < deadline) {
                pause();
                continue;
            }
            if (response.statusCode() == 400) {
                throw new UserException(ExitCodes.USAGE, "the query API refused the query: " + error);
            }
            throw new UserException(ExitCodes.API_UNAVAILABLE, "the query API at " + base + " could not answer ("
                    + response.statusCode() + "): " + error + versionTwice(response.statusCode())
                    + credentials(response.statusCode()));
        }
    }

    /**
     * A hint when {@code --api} ends in the API's own {@code /v1} (copied from a URL of the API) and the answer is a 404:
     * the client adds {@code /v1/...} itself, so it asked {@code /v1/v1/...}.
     */
    private String versionTwice(int status) {
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/+$", "");
        if (status != 404 || !path.endsWith("/v1")) {
            return "";
        }
        String root = base.getScheme() + "://" + base.getRawAuthority() + path.substring(0, path.length() - 3);
        return "; --api names the API's root, without /v1: --api " + root;
    }

    /** What to do about a {@code 401}: a reverse proxy in front of the API that asks for a user and password. */
    private String credentials(int status) {
        if (status != 401) {
            return "";
        }
        return authorization == null ? "; it asks for a user and password: give them in --api, like "
                + base.getScheme() + "://USER:PASSWORD@" + base.getRawAuthority() + (base.getRawPath() == null ? ""
                : base.getRawPath()) : "; the user and password in --api were refused";
    }

    /** {@code pathAndQuery} under the path of {@code base} (its trailing slashes left out). */
    static URI under(URI base, String pathAndQuery) {
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/+$", "");
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + pathAndQuery);
    }

    private HttpResponse<String> send(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (unresolved(e)) {
                throw new UserException(ExitCodes.API_UNAVAILABLE, "cannot reach the droptrace query API at " + base
                        + ": no host is named " + base.getHost() + "; check the host name in --api", e);
            }
            if ("https".equalsIgnoreCase(base.getScheme())) {
                notTls(e);
            }
            throw new UserException(ExitCodes.API_UNAVAILABLE, "cannot reach the droptrace query API at " + base
                    + " (" + reason(e) + "); is 'droptrace correlate' running? Point --api at it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(ExitCodes.FAILURE, "interrupted while waiting for the query API", e);
        }
    }

    /**
     * Fails in one line when an {@code https://} URL was answered by a server without TLS: droptrace correlate serves
     * plain HTTP, and a TLS client said "connect timed out" (the handshake is part of the connection) or
     * "Unrecognized SSL message", and nothing about the scheme.
     */
    private void notTls(IOException e) {
        boolean timedOut = e instanceof java.net.http.HttpConnectTimeoutException;
        for (Throwable cause = e; cause != null && !timedOut; cause = cause.getCause()) {
            // the JDK's words for a first record that is no TLS (a certificate it does not trust is another failure)
            if (cause instanceof javax.net.ssl.SSLException && cause.getMessage() != null
                    && cause.getMessage().contains("nrecognized SSL message")) {
                throw new UserException(ExitCodes.API_UNAVAILABLE, "the query API at " + base + " does not answer in "
                        + "TLS (" + reason(e) + "): droptrace correlate serves plain HTTP; use --api " + plain()
                        + ", or the https:// URL of a proxy that serves it with TLS", e);
            }
        }
        if (timedOut) { // a correlator of an earlier version holds a TLS client until its own read timeout
            throw new UserException(ExitCodes.API_UNAVAILABLE, "cannot reach the droptrace query API at " + base + " ("
                    + reason(e) + "); droptrace correlate serves plain HTTP: is it --api " + plain() + "?", e);
        }
    }

    /** {@link #base} with {@code http} for its scheme. */
    private String plain() {
        return "http" + base.toString().substring(base.getScheme().length());
    }

    /**
     * Whether the host name of the URL did not resolve: the HTTP client says so as a {@code ConnectException} without a
     * message, as it says a refused connection, with the cause below it.
     */
    private static boolean unresolved(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.channels.UnresolvedAddressException
                    || cause instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** Why the request failed, in words: the HTTP client's refused connection has no message of its own. */
    private static String reason(IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("header parser received no bytes")) {
            // the JDK's words when the peer closed before a status line: a Kafka port, an SSH server that gave up
            return "the port took the connection and closed it without an HTTP answer: it is not an HTTP server";
        }
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    /**
     * The answer, which must be a JSON object naming the namespace it serves, as every answer of the query API does: an
     * empty body or another service's JSON ({@code {}}, {@code {"status":"ok"}}) was read as a pair never seen or a top
     * list with nothing blocked, exit 0.
     */
    private JsonNode parse(String body) {
        JsonNode answer;
        try {
            answer = Json.events().readTree(body);
        } catch (IOException e) {
            throw new UserException(ExitCodes.API_UNAVAILABLE, "the query API at " + base
                    + " answered something that is not JSON; is --api pointing at droptrace correlate?", e);
        }
        if (answer == null || !answer.isObject() || !answer.path("namespace").isTextual()) {
            throw new UserException(ExitCodes.API_UNAVAILABLE, "the query API at " + base + " answered "
                    + (answer == null || answer.isMissingNode() ? "nothing" : "JSON that is no answer of droptrace's")
                    + "; is --api pointing at droptrace correlate?");
        }
        return answer;
    }

    /**
     * What an answer other than 200 says, in one line: the API's {@code error}; else where a redirect points, the title
     * of an HTML page (a reverse proxy's {@code 502 Bad Gateway}, whose seven lines of HTML were the message before),
     * or the text with its line breaks folded, at most 200 characters.
     */
    static String errorOf(int status, String body, String location) {
        try {
            JsonNode node = Json.events().readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return oneLine(node.get("error").asText());
            }
        } catch (IOException e) {
            // not JSON: said below
        }
        if (status / 100 == 3) {
            return location == null ? "a redirect that names no Location" : "it redirects to " + oneLine(location)
                    + "; point --api there";
        }
        Matcher title = HTML_TITLE.matcher(body);
        if (title.find()) {
            return "an HTML page titled '" + oneLine(title.group(1)) + "', not an answer of the query API";
        }
        String text = oneLine(body);
        if (text.isEmpty()) {
            return "an empty answer";
        }
        return text.codePointCount(0, text.length()) > 200 ? text.substring(0, text.offsetByCodePoints(0, 200)) + "..." : text;
    }

    private static String oneLine(String text) {
        return WHITESPACE.matcher(text.strip()).replaceAll(" ");
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(ExitCodes.FAILURE, "interrupted while waiting for the query API", e);
        }
    }
}
