package ai.thinkheads.droptrace.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad parameters are answered 400 with the reason, whatever the state of Kafka Streams (here never started). */
class QueryServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private KafkaStreams streams;
    private QueryServer server;

    @BeforeEach
    void start() {
        CorrelationSettings settings = CorrelationSettings.defaults(Namespace.of("test"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-server-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        streams = new KafkaStreams(CorrelationTopology.build(settings), props);
        server = QueryServer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Clock.fixed(Instant.parse("2025-11-20T15:00:00Z"), ZoneOffset.UTC));
        server.serve(new QueryService(streams, new HostInfo("127.0.0.1", server.address().getPort()), settings));
    }

    @AfterEach
    void stop() {
        server.close();
        streams.close();
    }

    @Test
    void an_alert_list_that_ends_before_it_starts_is_a_bad_request() throws Exception {
        // When
        HttpResponse<String> r = get("/v1/alerts?from=2025-11-21T00:00:00Z&to=2025-11-20T00:00:00Z");
        // Then
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("the range must end after it starts");
    }

    @Test
    void a_plus_in_a_zone_offset_written_as_it_is_is_read_as_a_plus_not_a_space() throws Exception {
        // When: curl '.../v1/alerts?from=...+01:00' (a form's space was read: "was '2025-11-21T00:00:00 01:00'")
        HttpResponse<String> r = get("/v1/alerts?from=2025-11-21T00:00:00+01:00&to=2025-11-20T00:00:00+01:00");
        // Then: both times read, so the range is what is wrong
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("the range must end after it starts");
    }

    @Test
    void an_instant_too_far_out_for_the_buckets_is_a_bad_request_not_a_failure() throws Exception {
        // When
        HttpResponse<String> pair = get("/v1/pairs/10.0.0.1/10.0.0.2?from=-1000000000-01-01T00:00:00Z");
        HttpResponse<String> top = get("/v1/top?by=pair&from=2025-11-20T00:00:00Z&to=%2B1000000000-01-01T00:00:00Z");
        // Then
        assertThat(pair.statusCode()).as(pair.body()).isEqualTo(400);
        assertThat(pair.body()).contains("from");
        assertThat(top.statusCode()).as(top.body()).isEqualTo(400);
        assertThat(top.body()).contains("to");
    }

    @Test
    void a_parameter_the_endpoint_does_not_take_is_a_bad_request_not_the_last_hour() throws Exception {
        // When: a since as the command line takes it, a typo of from
        HttpResponse<String> top = get("/v1/top?by=pair&since=6h");
        HttpResponse<String> pair = get("/v1/pairs/10.0.0.1/10.0.0.2?form=2025-11-20T14:00:00Z");
        HttpResponse<String> alerts = get("/v1/alerts?by=pair");
        // Then
        assertThat(top.statusCode()).as(top.body()).isEqualTo(400);
        assertThat(top.body()).isEqualTo("{\"error\":\"unknown parameter 'since': this endpoint takes by, from, to, "
                + "limit and resolution\"}");
        assertThat(pair.statusCode()).as(pair.body()).isEqualTo(400);
        assertThat(pair.body()).contains("unknown parameter 'form': this endpoint takes from, to and resolution");
        assertThat(alerts.statusCode()).as(alerts.body()).isEqualTo(400);
        assertThat(alerts.body()).contains("unknown parameter 'by': this endpoint takes from, to and limit");
    }

    @Test
    void a_pair_or_top_range_that_ends_before_it_starts_and_a_parameter_of_the_latest_time_are_bad_requests()
            throws Exception {
        // When: the ranges are decided by the instance that answers, after these checks
        HttpResponse<String> pair = get("/v1/pairs/10.0.0.1/10.0.0.2?from=2025-11-20T15:00:00Z&to=2025-11-20T14:00:00Z");
        HttpResponse<String> top = get("/v1/top?by=pair&from=2025-11-20T15:00:00Z&to=2025-11-20T15:00:00Z");
        HttpResponse<String> latest = get("/v1/local/latest?from=2025-11-20T15:00:00Z");
        // Then
        assertThat(pair.statusCode()).as(pair.body()).isEqualTo(400);
        assertThat(pair.body()).contains("the range must end after it starts");
        assertThat(top.statusCode()).as(top.body()).isEqualTo(400);
        assertThat(top.body()).contains("the range must end after it starts");
        assertThat(latest.statusCode()).as(latest.body()).isEqualTo(400);
        assertThat(latest.body()).isEqualTo("{\"error\":\"unknown parameter 'from': this endpoint takes none\"}");
    }

    @Test
    void a_parameter_given_twice_is_a_bad_request_not_the_last_one_alone() throws Exception {
        // When
        HttpResponse<String> top = get("/v1/top?by=pair&by=chain");
        HttpResponse<String> pair = get("/v1/pairs/10.0.0.1/10.0.0.2?from=2025-11-20T14:00:00Z&from=2025-11-20T15:00:00Z");
        // Then
        assertThat(top.statusCode()).as(top.body()).isEqualTo(400);
        assertThat(top.body()).isEqualTo("{\"error\":\"parameter 'by' is given twice ('pair' and 'chain'); give it "
                + "once\"}");
        assertThat(pair.statusCode()).as(pair.body()).isEqualTo(400);
        assertThat(pair.body()).contains("parameter 'from' is given twice");
    }

    @Test
    void a_pair_of_something_other_than_addresses_is_a_bad_request() throws Exception {
        // When
        HttpResponse<String> empty = get("/v1/pairs//10.0.0.2");
        HttpResponse<String> name = get("/v1/pairs/10.0.0.1/gateway");
        // Then
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(empty.body()).contains("source '' is not an IP address");
        assertThat(name.statusCode()).as(name.body()).isEqualTo(400);
        assertThat(name.body()).contains("destination 'gateway' is not an IP address");
    }

    @Test
    void a_head_request_is_refused_without_a_body_and_without_a_warning_of_the_jdk_server() throws Exception {
        // Given: the JDK's server warns on stderr, outside droptrace's logging, for a HEAD answer given a length
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger jdkServer = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
        jdkServer.addHandler(handler);
        try {
            // When
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/v1/health");
            HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            // Then
            assertThat(head.statusCode()).isEqualTo(405);
            assertThat(head.headers().firstValue("Allow")).hasValue("GET");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            assertThat(post.body()).contains("only GET is served");
            assertThat(warnings).extracting(LogRecord::getMessage).isEmpty();
        } finally {
            jdkServer.removeHandler(handler);
        }
    }

    @Test
    void a_target_that_is_not_a_valid_uri_or_a_line_that_is_no_request_is_answered_in_json_not_html() throws Exception {
        // When: a bad percent escape in the path and in the query (no URI class sends one), and no request line
        String path = raw("GET /v1/pairs/%zz/10.0.0.2 HTTP/1.1\r\nHost: x\r\n\r\n");
        String query = raw("GET /v1/top?by=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        String garbage = raw("hello\r\n\r\n");
        // Then
        for (String answer : List.of(path, query, garbage)) {
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json")
                    .doesNotContain("text/html", "URISyntaxException");
        }
        assertThat(path).endsWith("{\"error\":\"the request target is not a valid URI (Malformed escape pair at index "
                + "10): '/v1/pairs/%zz/10.0.0.2'\"}");
        assertThat(query).contains("the request target is not a valid URI");
        assertThat(garbage).endsWith("{\"error\":\"not an HTTP request line: 'hello'\"}");
    }

    @Test
    void a_tls_handshake_is_answered_at_once_that_the_api_is_plain_http_not_held_until_the_read_timeout()
            throws Exception {
        // When: the start of a TLS ClientHello, as a client given an https:// URL sends it (no line end ever comes)
        String answer;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xf4, 0x01, 0x00, 0x00});
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        // Then: said in plain HTTP (was 408 "no whole request within 10 s", after the client had given up)
        assertThat(answer).startsWith("HTTP/1.1 400 ").endsWith("{\"error\":\"this is the query API in plain HTTP, "
                + "not TLS: ask http://, not https://\"}");
    }

    @Test
    void a_request_as_a_peer_or_an_old_client_sends_it_is_answered() throws Exception {
        // When: HTTP/1.0, a header name in another case, an absolute target
        String old = raw("GET /v1/top?by=colour HTTP/1.0\r\nx-droptrace-forwarded: 1\r\n\r\n");
        String absolute = raw("GET http://127.0.0.1/v1/nothing HTTP/1.1\r\n\r\n");
        // Then
        assertThat(old).startsWith("HTTP/1.1 400 ").contains("Connection: close")
                .endsWith("{\"error\":\"top lists rank by pair, chain, port or rule, not 'colour'\"}");
        assertThat(absolute).startsWith("HTTP/1.1 404 ").endsWith("{\"error\":\"no such endpoint: /v1/nothing\"}");
    }

    @Test
    void connections_left_idle_do_not_hold_back_the_answer_to_another() throws Exception {
        // Given: connections opened and left without a request, as a browser or a proxy may leave them
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), server.address().getPort()));
            }
            // When
            HttpResponse<String> top = get("/v1/top?by=colour");
            // Then: answered while the idle ones are still waiting for their request (not answered 408 yet)
            assertThat(top.statusCode()).isEqualTo(400);
            for (Socket socket : idle) {
                assertThat(socket.getInputStream().available()).as("an idle connection got its answer first").isZero();
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    /** Sends {@code request} as it is written and reads the whole answer. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
