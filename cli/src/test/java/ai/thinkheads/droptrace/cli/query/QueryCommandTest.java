package ai.thinkheads.droptrace.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.deploy.tls.Keytool;
import ai.thinkheads.droptrace.streams.query.QueryServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCommandTest {

    @Test
    void a_query_without_a_running_correlator_fails_with_one_line_naming_the_api_and_its_exit_code() throws IOException {
        // Given: a loopback port nobody listens on
        int port = aPortNobodyListensOn();
        // When
        CliRun run = CliRun.of("query", "pair", "10.0.0.153", "10.0.0.12", "--api", "http://127.0.0.1:" + port);
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("cannot reach the droptrace query API at http://127.0.0.1:" + port
                + " (connection refused)", "droptrace correlate").doesNotContain("Exception");
    }

    @Test
    void a_port_that_closes_without_an_http_answer_is_said_to_be_no_http_server() throws Exception {
        // Given: a port that reads the request and closes without a word, as a Kafka broker's does
        try (ServerSocket server = new ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                for (int k = 0; k < 4; k++) { // the JDK's client asks a GET again once on a new connection
                    try (java.net.Socket s = server.accept()) {
                        s.getInputStream().read(new byte[4096]);
                    } catch (IOException e) {
                        return; // the server socket is closed: the test is over
                    }
                }
            });
            peer.setDaemon(true);
            peer.start();
            // When
            CliRun run = CliRun.of("query", "pair", "10.0.0.153", "10.0.0.12", "--api",
                    "http://127.0.0.1:" + server.getLocalPort());
            // Then: what the port is, not the JDK's "HTTP/1.1 header parser received no bytes"
            assertThat(run.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
            assertThat(run.err().lines()).hasSize(1);
            assertThat(run.err()).contains("(the port took the connection and closed it without an HTTP answer: it is "
                    + "not an HTTP server)").doesNotContain("header parser");
        }
    }

    @Test
    void an_https_api_url_of_the_plain_http_api_is_said_in_one_line_naming_the_http_url() {
        // Given: the query API as correlate serves it, plain HTTP
        try (QueryServer api = QueryServer.bind(new InetSocketAddress("127.0.0.1", 0), java.time.Clock.systemUTC())) {
            String port = String.valueOf(api.address().getPort());
            // When: asked with https://, as behind a TLS proxy
            CliRun run = CliRun.of("query", "pair", "10.0.0.153", "10.0.0.12", "--api", "https://127.0.0.1:" + port);
            // Then: what to do, not "HTTP connect timed out"
            assertThat(run.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).singleElement().asString().startsWith("droptrace: the query API at https://"
                    + "127.0.0.1:" + port + " does not answer in TLS (").endsWith("): droptrace correlate serves plain "
                    + "HTTP; use --api http://127.0.0.1:" + port + ", or the https:// URL of a proxy that serves it "
                    + "with TLS");
        }
    }

    @Test
    void a_tls_proxy_whose_certificate_is_not_trusted_is_not_said_to_be_plain_http(@TempDir Path dir) throws Exception {
        // Given: an https server with a self-signed certificate, as a TLS proxy in front of the API may have
        Path keystore = dir.resolve("proxy.p12");
        Keytool.keyPair(keystore, "changeit", "proxy", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            // When
            CliRun run = CliRun.of("query", "top", "--by", "pair", "--api",
                    "https://127.0.0.1:" + server.getAddress().getPort());
            // Then: one line with the TLS failure, not "serves plain HTTP; use --api http://..."
            assertThat(run.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
            assertThat(run.err().lines()).singleElement().asString()
                    .startsWith("droptrace: cannot reach the droptrace query API at https://127.0.0.1:")
                    .doesNotContain("plain HTTP");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_api_host_name_that_does_not_resolve_is_said_so_not_as_a_refused_connection() {
        // When: a host name that cannot exist (RFC 6761 reserves .invalid)
        CliRun run = CliRun.of("query", "top", "--by", "pair", "--api", "http://droptrace-correlatr.invalid:7340");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
        assertThat(run.err().lines()).containsExactly("droptrace: cannot reach the droptrace query API at "
                + "http://droptrace-correlatr.invalid:7340: no host is named droptrace-correlatr.invalid; check the host "
                + "name in --api");
    }

    @Test
    void an_api_answering_nothing_or_another_services_json_is_unreachable_not_a_pair_never_seen() throws IOException {
        // When: an empty answer, and JSON that is not the query API's, as another service on the port gives them
        CliRun empty = askApi(200, "", "query", "pair", "10.0.0.153", "10.0.0.12");
        CliRun other = askApi(200, "{\"status\":\"ok\"}", "query", "top", "--by", "port");
        // Then: exit 6 with what it answered, not "No firewall events seen" or "nothing was dropped", exit 0
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err().lines()).singleElement().asString().startsWith("droptrace: the query API at http://")
                .endsWith(" answered nothing; is --api pointing at droptrace correlate?");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
        assertThat(other.out()).isEmpty();
        assertThat(other.err()).contains("answered JSON that is no answer of droptrace's; is --api pointing at "
                + "droptrace correlate?");
    }

    @Test
    void a_proxys_html_error_page_and_a_redirect_are_said_in_one_line() throws IOException {
        // Given: the 502 page nginx serves when the correlator behind it is down
        String page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
                + "Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
        // When
        CliRun proxied = askApi(502, page, "query", "top", "--by", "pair");
        // Then: its title, not seven lines of HTML
        assertThat(proxied.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
        assertThat(proxied.err().lines()).singleElement().asString().startsWith("droptrace: the query API at http://")
                .endsWith(" could not answer (502): an HTML page titled '502 Bad Gateway', not an answer of the query "
                        + "API");
        // And a redirect (http to https) says where to, where it said nothing after the status
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://proxy.example/droptrace/v1/top");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
        try {
            CliRun redirected = CliRun.of("query", "top", "--by", "pair", "--api",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/droptrace");
            assertThat(redirected.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
            assertThat(redirected.err().lines()).singleElement().asString().endsWith("could not answer (301): it "
                    + "redirects to https://proxy.example/droptrace/v1/top; point --api there");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_api_url_ending_in_v1_is_told_to_name_the_root_when_the_api_finds_no_such_endpoint() throws IOException {
        // Given: the API's 404 for an endpoint it does not have, as /v1/v1/top is one
        HttpServer server = anApiAnswering(404, "{\"error\":\"no such endpoint: /v1/v1/top\"}");
        try {
            String root = "http://127.0.0.1:" + server.getAddress().getPort();
            // When: --api copied from a URL of the API
            CliRun run = CliRun.of("query", "top", "--by", "pair", "--api", root + "/v1/");
            // Then: the root to give, after the API's own words
            assertThat(run.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
            assertThat(run.err().lines()).singleElement().asString().endsWith("could not answer (404): no such "
                    + "endpoint: /v1/v1/top; --api names the API's root, without /v1: --api " + root);
            // And a proxy prefix of another name gets no such hint
            CliRun proxied = CliRun.of("query", "top", "--by", "pair", "--api", root + "/droptrace");
            assertThat(proxied.err()).contains("could not answer (404)").doesNotContain("without /v1");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_since_of_no_time_is_a_usage_error_saying_so() {
        // When
        CliRun run = CliRun.of("query", "top", "--by", "port", "--since", "0s");
        // Then: not "the range must end after it starts (from <now> to <now>)"
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).containsExactly("droptrace: --since must be longer than 0, like 15m or 1h");
    }

    @Test
    void since_and_from_together_are_a_usage_error() {
        CliRun run = CliRun.of("query", "top", "--by", "port", "--since", "1h", "--from", "2025-11-20T14:00:00Z");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--since or --from, not both");
    }

    @Test
    void a_refused_query_is_a_usage_error_with_the_apis_reason() throws IOException {
        // Given: an API that refuses every query as the real one refuses a bad parameter
        // When
        CliRun run = askApi(400, "{\"error\":\"the range must end after it starts\"}", "query", "top", "--by", "pair");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("the query API refused the query: the range must end after it starts");
    }

    @Test
    void one_late_event_of_a_pair_is_counted_in_the_singular() throws IOException {
        // Given: an API answering a pair with one event that came after the grace
        // When
        CliRun run = askApi(200, "{\"namespace\":\"live\",\"source\":\"10.0.0.153\","
                + "\"destination\":\"10.0.0.12\",\"seen\":true,\"late\":1,\"allTime\":{}}",
                "query", "pair", "10.0.0.153", "10.0.0.12");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("; 1 event came after the grace");
    }

    @Test
    void a_namespace_that_cannot_be_one_is_a_usage_error_before_the_api_is_asked() throws IOException {
        // Given: a loopback port nobody listens on
        int port = aPortNobodyListensOn();
        // When
        CliRun run = CliRun.of("query", "top", "--by", "port", "--namespace", "Bad NS", "--api",
                "http://127.0.0.1:" + port);
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("namespace 'Bad NS' is not valid");
    }

    @Test
    void a_pair_of_names_instead_of_addresses_is_a_usage_error_not_a_pair_never_seen() throws IOException {
        // Given: an API that would answer any pair as never seen
        // When
        CliRun run = askApi(200, "{\"namespace\":\"live\",\"seen\":false}", "query", "pair", "ct101", "10.0.0.12");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("SRC 'ct101' is not an IP address");
    }

    @Test
    void an_ipv4_address_with_leading_zeros_is_a_usage_error_naming_its_decimal_form_not_a_pair_never_seen()
            throws IOException {
        // Given: an API that would answer any pair as never seen
        // When: leading zeros, which inet_aton reads as octal and the log never writes
        CliRun run = askApi(200, "{\"namespace\":\"live\",\"seen\":false}", "query", "pair", "010.000.000.153",
                "10.0.0.12");
        CliRun tail = askApi(200, "{\"namespace\":\"live\",\"seen\":false}", "query", "pair", "10.0.0.153",
                "::ffff:10.0.0.012");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly("droptrace: SRC '010.000.000.153' has a part with a leading zero, "
                + "which some tools read as octal (010 is 8) and the firewall log never writes; give it without them, "
                + "like 10.0.0.153");
        assertThat(tail.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tail.err()).contains("DST '::ffff:10.0.0.012' has a part with a leading zero", "like ::ffff:10.0.0.12");
    }

    @Test
    void a_pair_asked_for_the_wrong_way_round_says_that_the_other_way_has_events() throws IOException {
        // Given: an API whose pair 10.0.0.12 -> 10.0.0.153 was never seen, but 10.0.0.153 -> 10.0.0.12 was
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean reverse = exchange.getRequestURI().getRawPath().equals("/v1/pairs/10.0.0.153/10.0.0.12");
            byte[] body = (reverse ? "{\"namespace\":\"live\",\"source\":\"10.0.0.153\",\"destination\":"
                    + "\"10.0.0.12\",\"seen\":true,\"lastSeen\":\"2025-11-20T14:05:00Z\",\"allTime\":{\"drops\":3}}"
                    : "{\"namespace\":\"live\",\"source\":\"10.0.0.12\",\"destination\":\"10.0.0.153\","
                    + "\"seen\":false}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String api = "http://127.0.0.1:" + server.getAddress().getPort();
            // When
            CliRun swapped = CliRun.of("query", "pair", "10.0.0.12", "10.0.0.153", "--api", api);
            CliRun json = CliRun.of("query", "pair", "10.0.0.12", "10.0.0.153", "--api", api, "--output", "json");
            // Then: where it said only "No firewall events seen", as if nothing were dropped on that path
            assertThat(swapped.exitCode()).as(swapped.err()).isZero();
            assertThat(swapped.out()).isEqualTo("No firewall events seen for 10.0.0.12 -> 10.0.0.153 in namespace live.\n"
                    + "  10.0.0.153 -> 10.0.0.12 has: 3 dropped, 0 rejected, 0 accepted, last seen 2025-11-20T14:05:00Z "
                    + "(droptrace query pair 10.0.0.153 10.0.0.12)\n");
            assertThat(json.out()).contains("\"seen\" : false").doesNotContain("10.0.0.153 -> 10.0.0.12");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_ipv6_pair_is_asked_for_in_the_form_the_log_and_the_pair_keys_have() throws IOException {
        // Given: an API that records the path it is asked for
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        // When: the addresses fully written out and in upper case
        CliRun run = askApi(200, "{\"namespace\":\"live\",\"seen\":false}",
                exchange -> asked.add(exchange.getRequestURI().getRawPath()),
                "query", "pair", "FD00:0010:0000:0000:0000:0000:0000:0153", "FD00:10::12");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        // (and, as it was never seen, the other way round, for a hint)
        assertThat(asked).containsExactly("/v1/pairs/fd00%3A10%3A%3A153/fd00%3A10%3A%3A12",
                "/v1/pairs/fd00%3A10%3A%3A12/fd00%3A10%3A%3A153");
    }

    @Test
    void a_since_longer_than_time_itself_asks_from_1970_instead_of_failing() throws IOException {
        // Given: an API that records the query it is asked
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        // When
        CliRun run = askApi(200, "{\"namespace\":\"live\",\"rows\":[]}",
                exchange -> asked.add(exchange.getRequestURI().getRawQuery()),
                "query", "top", "--by", "port", "--since", "9999999999999d", "--to", "2025-11-20T15:00:00Z");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(asked).singleElement().asString().contains("from=1970-01-01T00:00:00Z&to=2025-11-20T15:00:00Z");
    }

    @Test
    void the_text_of_a_pair_without_events_still_shows_its_failed_probes() throws IOException {
        // Given: a pair no line was logged for (pve-firewall logs no drop by default) whose probe fails
        String report = "{\"namespace\":\"live\",\"source\":\"10.0.0.111\",\"destination\":\"10.0.0.102\","
                + "\"seen\":false,\"probes\":[{\"probeId\":\"portainer-to-agent\",\"kind\":\"TCP\","
                + "\"time\":\"2025-11-20T14:04:50Z\",\"protocol\":\"tcp\",\"port\":9001,\"outcome\":\"TIMEOUT\","
                + "\"passed\":false}]}";
        // When
        CliRun run = askApi(200, report, "query", "pair", "10.0.0.111", "10.0.0.102");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("No firewall events seen for 10.0.0.111 -> 10.0.0.102 in namespace live.",
                "Latest probe results:").containsPattern("portainer-to-agent +2025-11-20T14:04:50Z +tcp/9001 "
                + "+TIMEOUT +NO");
    }

    @Test
    void the_text_of_a_pair_shows_a_live_probe_s_time_to_the_second_as_its_events_are() throws IOException {
        // Given: a probe result whose time the API gives to the microsecond, as a live probe's start is taken
        String report = "{\"namespace\":\"live\",\"source\":\"10.0.0.111\",\"destination\":\"10.0.0.102\","
                + "\"seen\":false,\"probes\":[{\"probeId\":\"portainer-to-agent\",\"kind\":\"TCP\","
                + "\"time\":\"2025-11-20T14:04:50.123456Z\",\"protocol\":\"tcp\",\"port\":9001,\"outcome\":\"TIMEOUT\","
                + "\"passed\":false}]}";
        // When
        CliRun run = askApi(200, report, "query", "pair", "10.0.0.111", "10.0.0.102");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain(".123456")
                .containsPattern("portainer-to-agent +2025-11-20T14:04:50Z +tcp/9001 +TIMEOUT +NO");
    }

    @Test
    void the_text_of_a_pair_shows_its_timeline_as_the_readme_says() throws IOException {
        // Given: an API that answers a pair with two non-empty minute buckets
        String report = "{\"namespace\":\"live\",\"source\":\"10.0.0.153\",\"destination\":\"10.0.0.12\","
                + "\"seen\":true,\"range\":{\"resolution\":\"MINUTE\",\"bucketsFrom\":\"2025-11-20T14:00:00Z\","
                + "\"bucketsTo\":\"2025-11-20T15:00:00Z\"},\"inRange\":{\"drops\":4},\"allTime\":{\"drops\":4},"
                + "\"timeline\":[{\"start\":\"2025-11-20T14:01:00Z\",\"counts\":{\"accepts\":1,\"drops\":3}},"
                + "{\"start\":\"2025-11-20T14:05:00Z\",\"counts\":{\"drops\":1}}]}";
        // When
        CliRun run = askApi(200, report, "query", "pair", "10.0.0.153", "10.0.0.12");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Timeline (minute buckets with events):")
                .containsPattern("BUCKET +DROPS +REJECTS +ACCEPTS")
                .containsPattern("2025-11-20T14:01:00Z +3 +0 +1")
                .containsPattern("2025-11-20T14:05:00Z +1 +0 +0");
    }

    @Test
    void a_range_the_api_cut_to_the_buckets_it_keeps_says_so_and_how_to_get_the_rest() throws IOException {
        // Given: minute buckets asked for over 12 h, of which the API keeps the last 6 h
        String cut = "minute buckets are kept 6 h of event time: the range before 2025-11-20T09:01:00Z is not counted; "
                + "hour buckets cover it";
        String report = "{\"namespace\":\"live\",\"source\":\"10.0.0.153\",\"destination\":\"10.0.0.12\","
                + "\"seen\":true,\"firstSeen\":\"2025-11-20T03:00:00Z\",\"lastSeen\":\"2025-11-20T15:00:00Z\","
                + "\"range\":{\"from\":\"2025-11-20T03:00:00Z\",\"to\":\"2025-11-20T15:00:00Z\",\"resolution\":"
                + "\"minute\",\"bucketsFrom\":\"2025-11-20T09:01:00Z\",\"bucketsTo\":\"2025-11-20T15:00:00Z\","
                + "\"cut\":\"" + cut + "\"},\"inRange\":{\"drops\":1},\"allTime\":{\"drops\":2},"
                + "\"byProtocol\":{\"tcp\":{\"drops\":1}},\"byPort\":{\"tcp/8443\":{\"drops\":1}},"
                + "\"timeline\":[{\"start\":\"2025-11-20T14:01:00Z\",\"counts\":{\"drops\":1}}]}";
        String top = "{\"namespace\":\"live\",\"range\":{\"resolution\":\"hour\",\"bucketsFrom\":"
                + "\"2025-11-13T16:00:00Z\",\"bucketsTo\":\"2025-11-20T16:00:00Z\",\"cut\":\"hour buckets are kept 7 days "
                + "of event time: the range before 2025-11-13T16:00:00Z is not counted\"},\"rows\":[]}";
        // When
        CliRun pair = askApi(200, report, "query", "pair", "10.0.0.153", "10.0.0.12", "--since", "12h",
                "--resolution", "minute");
        CliRun list = askApi(200, top, "query", "top", "--by", "port", "--since", "30d");
        // Then: under the range's line, where the range was named as asked without a word that half of it is not kept
        assertThat(pair.exitCode()).as(pair.err()).isZero();
        assertThat(pair.out()).contains("  2025-11-20T09:01:00Z .. 2025-11-20T15:00:00Z (minute buckets): 1 dropped, "
                + "0 rejected, 0 accepted\n  note: " + cut + " (--resolution hour)\n\n");
        assertThat(list.out()).contains("(hour buckets, namespace live):\n  note: hour buckets are kept 7 days of event "
                + "time: the range before 2025-11-13T16:00:00Z is not counted\n");
    }

    @Test
    void latest_events_received_older_than_the_pairs_last_event_say_that_they_are_not_its_latest() throws IOException {
        // Given: a pair last seen at 16:12:20 whose last lines received are of 14:00 (history replayed into live)
        String event = "{\"time\":\"2025-11-20T14:00:0%dZ\",\"action\":\"DROP\",\"policy\":true,\"vmid\":102,"
                + "\"chain\":\"veth102i0-IN\",\"protocol\":\"tcp\",\"sourcePort\":40000,\"destinationPort\":22}";
        String report = "{\"namespace\":\"live\",\"source\":\"10.0.0.153\",\"destination\":\"10.0.0.12\","
                + "\"seen\":true,\"range\":{\"resolution\":\"minute\",\"bucketsFrom\":\"2025-11-20T15:13:00Z\","
                + "\"bucketsTo\":\"2025-11-20T16:13:00Z\"},\"inRange\":{\"drops\":5},\"byPort\":{\"tcp/8443\":"
                + "{\"drops\":5}},\"timeline\":[{\"start\":\"2025-11-20T16:12:00Z\",\"counts\":{\"drops\":5}}],"
                + "\"firstSeen\":\"2025-11-20T14:00:01Z\",\"lastSeen\":\"2025-11-20T16:12:20Z\","
                + "\"allTime\":{\"drops\":10},\"recentEvents\":[" + String.format(event, 2) + ","
                + String.format(event, 1) + "]}";
        String latest = report.replace("2025-11-20T16:12:20Z", "2025-11-20T14:00:02Z");
        // When
        CliRun replayed = askApi(200, report, "query", "pair", "10.0.0.153", "10.0.0.12");
        CliRun inOrder = askApi(200, latest, "query", "pair", "10.0.0.153", "10.0.0.12");
        // Then: said under the table, where the table alone read as the pair's latest events
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.out()).contains("Latest events received (newest event time first):\n")
                .containsPattern("2025-11-20T14:00:01Z +policy DROP +102 +veth102i0-IN +tcp +40000 +22 +-\n"
                        + "  the pair's last event, at 2025-11-20T16:12:20Z, is not among them: older lines arrived "
                        + "after it \\(history replayed into this namespace, or a sender's backlog\\)\n");
        assertThat(inOrder.out()).contains("Latest events received").doesNotContain("is not among them");
    }

    @Test
    void lines_without_an_action_have_a_column_of_their_own_instead_of_rows_of_zeros() throws IOException {
        // Given: a pair whose lines a security group's rule logged (no action) beside two drops
        String noAction = "{\"accepts\":0,\"drops\":0,\"rejects\":0,\"unknown\":3}";
        String report = "{\"namespace\":\"live\",\"source\":\"10.0.0.13\",\"destination\":\"10.0.0.153\","
                + "\"seen\":true,\"range\":{\"resolution\":\"minute\",\"bucketsFrom\":\"2025-11-20T14:00:00Z\","
                + "\"bucketsTo\":\"2025-11-20T15:00:00Z\"},\"inRange\":{\"drops\":2,\"unknown\":3},"
                + "\"allTime\":{\"drops\":2,\"unknown\":3},"
                + "\"byProtocol\":{\"tcp\":{\"drops\":2,\"unknown\":3}},"
                + "\"byPort\":{\"tcp/22\":{\"drops\":2},\"tcp/443\":" + noAction + "},"
                + "\"byChain\":{\"0/GROUP-phoenix-web-IN\":" + noAction + ",\"0/PVEFW-HOST-IN\":{\"drops\":2}},"
                + "\"timeline\":[{\"start\":\"2025-11-20T14:01:00Z\",\"counts\":" + noAction + "},"
                + "{\"start\":\"2025-11-20T14:05:00Z\",\"counts\":{\"drops\":2}}]}";
        // When
        CliRun run = askApi(200, report, "query", "pair", "10.0.0.13", "10.0.0.153");
        // Then: the security group's lines are counted where they are, not shown as 0 0 0
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("PORT +DROPS +REJECTS +ACCEPTS +NO ACTION")
                .containsPattern("tcp/443 +0 +0 +0 +3\n").containsPattern("tcp/22 +2 +0 +0 +0\n")
                .containsPattern("0/GROUP-phoenix-web-IN +0 +0 +0 +3\n")
                .containsPattern("BUCKET +DROPS +REJECTS +ACCEPTS +NO ACTION")
                .containsPattern("2025-11-20T14:01:00Z +0 +0 +0 +3\n")
                .contains("2 dropped, 0 rejected, 0 accepted, 3 without an action");
    }

    @Test
    void a_range_without_events_of_a_replayed_namespace_says_where_to_look_instead_of_empty_tables()
            throws IOException {
        // Given: a replayed pair asked about the default last hour, long after its events
        String report = "{\"namespace\":\"incident\",\"source\":\"10.0.0.153\",\"destination\":\"10.0.0.12\","
                + "\"seen\":true,\"range\":{\"resolution\":\"minute\",\"bucketsFrom\":\"2026-11-28T05:17:00Z\","
                + "\"bucketsTo\":\"2026-11-28T06:18:00Z\"},\"inRange\":{},\"byProtocol\":{},\"byPort\":{},"
                + "\"byChain\":{},\"byRule\":{},\"timeline\":[],\"firstSeen\":\"2025-11-20T14:00:32Z\","
                + "\"lastSeen\":\"2025-11-20T16:12:20Z\",\"allTime\":{\"drops\":48},\"recentEvents\":[]}";
        // When
        CliRun pair = askApi(200, report, "query", "pair", "10.0.0.153", "10.0.0.12");
        CliRun top = askApi(200, "{\"namespace\":\"incident\",\"rows\":[]}", "query", "top", "--by", "pair");
        CliRun topFrom = askApi(200, "{\"namespace\":\"incident\",\"rows\":[]}", "query", "top", "--by", "pair",
                "--from", "2025-11-20T14:00:00Z", "--to", "2025-11-20T15:00:00Z");
        CliRun topLive = askApi(200, "{\"namespace\":\"live\",\"rows\":[]}", "query", "top", "--by", "pair");
        // Then
        assertThat(pair.exitCode()).as(pair.err()).isZero();
        assertThat(pair.out()).contains("  2026-11-28T05:17:00Z .. 2026-11-28T06:18:00Z (minute buckets): nothing "
                + "logged; the pair was last seen 2025-11-20T16:12:20Z: give --from and --to around it\n")
                .doesNotContain("DROPS").contains("Latest events received (newest event time first):");
        assertThat(top.out()).contains("nothing was dropped or rejected in this range. Namespace incident is not live: "
                + "for replayed history give --from and --to of its time.");
        assertThat(topFrom.out()).contains("nothing was dropped or rejected in this range.\n");
        assertThat(topLive.out()).contains("nothing was dropped or rejected in this range.\n");
    }

    @Test
    void a_user_and_password_in_the_api_url_are_sent_to_a_proxy_that_asks_for_them_and_never_shown() throws IOException {
        // Given: a reverse proxy in front of the API that asks for a user and password (HTTP basic authentication)
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // "ops:s3cr@t", as --api writes it with the '@' escaped
            boolean allowed = "Basic b3BzOnMzY3JAdA==".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (allowed ? "{\"namespace\":\"live\",\"rows\":[]}" : "<html><head><title>401 "
                    + "Authorization Required</title></head></html>").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String hostPort = "127.0.0.1:" + server.getAddress().getPort();
            // When
            CliRun with = CliRun.of("query", "top", "--by", "pair", "--api", "http://ops:s3cr%40t@" + hostPort + "/dt");
            CliRun wrong = CliRun.of("query", "top", "--by", "pair", "--api", "http://ops:guess@" + hostPort + "/dt");
            CliRun without = CliRun.of("query", "top", "--by", "pair", "--api", "http://" + hostPort + "/dt");
            // Then: Java's client sent none of it, and every query ended on the proxy's 401
            assertThat(with.exitCode()).as(with.err()).isZero();
            assertThat(with.out()).contains("nothing was dropped or rejected in this range.");
            assertThat(wrong.exitCode()).isEqualTo(ExitCodes.API_UNAVAILABLE);
            assertThat(wrong.err().lines()).singleElement().asString().isEqualTo("droptrace: the query API at http://"
                    + hostPort + "/dt could not answer (401): an HTML page titled '401 Authorization Required', not an "
                    + "answer of the query API; the user and password in --api were refused");
            assertThat(without.err().lines()).singleElement().asString().endsWith("could not answer (401): an HTML "
                    + "page titled '401 Authorization Required', not an answer of the query API; it asks for a user and "
                    + "password: give them in --api, like http://USER:PASSWORD@" + hostPort + "/dt");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_top_list_of_rules_without_a_ruleset_says_the_drops_were_not_counted_by_rule_not_that_nothing_was_dropped()
            throws IOException {
        // Given: lines correlated before any ruleset was published: counted by chain, by no rule
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = (query.startsWith("by=chain&limit=1000&from=2026-11-28T10:00:00Z&to=2026-11-28T11:00:00Z")
                    ? "{\"namespace\":\"qrev\",\"rows\":[{\"key\":\"102/veth102i0-IN\",\"blocked\":8},"
                            + "{\"key\":\"103/veth103i0-IN\",\"blocked\":5}]}"
                    : "{\"namespace\":\"qrev\",\"rows\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String api = "http://127.0.0.1:" + server.getAddress().getPort();
            // When
            CliRun rules = CliRun.of("query", "top", "--by", "rule", "--from", "2026-11-28T10:00:00Z", "--to",
                    "2026-11-28T11:00:00Z", "--api", api);
            CliRun ports = CliRun.of("query", "top", "--by", "port", "--from", "2026-11-28T10:00:00Z", "--to",
                    "2026-11-28T11:00:00Z", "--api", api);
            // Then: it said "nothing was dropped or rejected in this range." of 13 drops
            assertThat(rules.exitCode()).as(rules.err()).isZero();
            assertThat(rules.out()).contains("  no drop or reject in this range is counted by rule, though 13 packets "
                    + "were dropped or rejected (droptrace query top --by chain): a line is counted by rule only when a "
                    + "ruleset of namespace qrev was published ('droptrace rules publish') before the correlator read "
                    + "it.\n").doesNotContain("nothing was dropped");
            assertThat(ports.out()).contains("nothing was dropped or rejected in this range.");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_range_whose_events_all_came_after_the_grace_says_that_no_bucket_counts_them_not_nothing_logged()
            throws IOException {
        // Given: a pair whose 5 rejects in the range came after the grace of their buckets (history replayed into a
        // namespace with later lines): counted in all time, listed among the latest events, in no bucket
        String report = "{\"namespace\":\"replay\",\"source\":\"10.0.0.12\",\"destination\":\"10.0.0.10\","
                + "\"seen\":true,\"range\":{\"resolution\":\"minute\",\"bucketsFrom\":\"2026-11-28T14:15:00Z\","
                + "\"bucketsTo\":\"2026-11-28T15:16:00Z\"},\"inRange\":{},\"byProtocol\":{},\"byPort\":{},"
                + "\"byChain\":{},\"byRule\":{},\"timeline\":[],\"firstSeen\":\"2026-11-28T14:44:47Z\","
                + "\"lastSeen\":\"2026-11-28T14:45:15Z\",\"allTime\":{\"rejects\":5},\"late\":5,\"recentEvents\":[]}";
        // When
        CliRun pair = askApi(200, report, "query", "pair", "10.0.0.12", "10.0.0.10");
        // Then
        assertThat(pair.exitCode()).as(pair.err()).isZero();
        assertThat(pair.out()).contains("  all time: 0 dropped, 5 rejected, 0 accepted; 5 events came after the grace\n")
                .contains("  2026-11-28T14:15:00Z .. 2026-11-28T15:16:00Z (minute buckets): none counted; the pair has "
                        + "5 events that came after the grace of their buckets, which no bucket counts (all time above, "
                        + "the latest events received below)\n")
                .doesNotContain("nothing logged");
    }

    @Test
    void a_top_limit_the_api_would_refuse_is_a_usage_error_even_without_a_correlator() throws IOException {
        // Given: a loopback port nobody listens on
        int port = aPortNobodyListensOn();
        for (String limit : new String[] {"0", "-5", "1001"}) {
            // When
            CliRun run = CliRun.of("query", "top", "--by", "pair", "--limit", limit, "--api", "http://127.0.0.1:" + port);
            // Then
            assertThat(run.exitCode()).as(limit).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("--limit " + limit + " is out of range: 1 to 1,000");
        }
    }

    @Test
    void by_is_described_and_refused_in_the_lower_case_it_is_written_in() throws IOException {
        // Given: a loopback port nobody listens on
        int port = aPortNobodyListensOn();
        // When
        String help = String.join(" ", CliRun.of("query", "top", "--help").out().split("\\s+"));
        CliRun bad = CliRun.of("query", "top", "--by", "bogus", "--api", "http://127.0.0.1:" + port);
        CliRun upper = CliRun.of("query", "top", "--by", "RULE", "--api", "http://127.0.0.1:" + port);
        // Then
        assertThat(help).contains("--by=pair|chain|port|rule What to rank: pair, chain, port or rule.")
                .doesNotContain("PAIR");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().lines()).containsExactly("droptrace: Invalid value for option '--by': 'bogus' is not what "
                + "a top list ranks: use pair, chain, port or rule (see 'droptrace query top --help')");
        assertThat(upper.exitCode()).as("any case is taken: the API is asked").isEqualTo(ExitCodes.API_UNAVAILABLE);
    }

    @Test
    void a_resolution_other_than_minute_or_hour_is_a_usage_error_even_without_a_correlator() throws IOException {
        // Given: a loopback port nobody listens on
        int port = aPortNobodyListensOn();
        // When
        CliRun run = CliRun.of("query", "pair", "10.0.0.153", "10.0.0.12", "--resolution", "second", "--api",
                "http://127.0.0.1:" + port);
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("--resolution must be minute or hour, was 'second'");
    }

    @Test
    void an_api_url_with_a_path_prefix_is_asked_under_that_prefix() throws IOException {
        // Given: an API behind a reverse proxy that serves it under /droptrace, recording the paths asked
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = anApiAnswering(200, "{\"namespace\":\"live\",\"rows\":[]}",
                exchange -> asked.add(exchange.getRequestURI().getRawPath()));
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            // When: with and without a trailing slash, and with none at all
            CliRun prefixed = CliRun.of("query", "top", "--by", "port", "--output", "json", "--api", base + "/droptrace");
            CliRun slash = CliRun.of("query", "top", "--by", "port", "--output", "json", "--api", base + "/droptrace/");
            CliRun bare = CliRun.of("query", "top", "--by", "port", "--output", "json", "--api", base + "/");
            // Then
            assertThat(prefixed.exitCode()).as(prefixed.err()).isZero();
            assertThat(slash.exitCode()).as(slash.err()).isZero();
            assertThat(bare.exitCode()).as(bare.err()).isZero();
            assertThat(asked).containsExactly("/droptrace/v1/top", "/droptrace/v1/top", "/v1/top");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_api_url_without_its_scheme_or_with_another_than_http_is_a_usage_error_in_one_line() {
        // When: the address and port alone, and a scheme that only begins like http
        CliRun bare = CliRun.of("query", "top", "--by", "pair", "--api", "127.0.0.1:7340");
        CliRun other = CliRun.of("query", "pair", "10.0.0.1", "10.0.0.2", "--api", "httpx://127.0.0.1:7340");
        // Then: not Java's URISyntaxException, and not an unexpected failure once the HTTP client refused the scheme
        assertThat(bare.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bare.err().lines()).containsExactly("droptrace: Invalid value for option '--api': '127.0.0.1:7340' "
                + "is not a URL (illegal character in scheme name); write it like http://127.0.0.1:7340 (see 'droptrace "
                + "query top --help')");
        assertThat(other.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err().lines()).containsExactly("droptrace: --api must be an http URL like "
                + "http://127.0.0.1:7340, was httpx://127.0.0.1:7340");
    }

    @Test
    void an_api_url_with_a_query_is_a_usage_error_in_one_line_before_the_api_is_asked() {
        // When
        CliRun run = CliRun.of("query", "top", "--by", "port", "--api", "http://127.0.0.1:47599/droptrace?token=x");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).containsExactly("droptrace: --api takes a URL without ?query or #fragment (a path "
                + "prefix is kept), was http://127.0.0.1:47599/droptrace?token=x");
    }

    @Test
    void an_api_url_with_a_port_no_tcp_port_can_be_is_a_usage_error_in_one_line_before_the_api_is_asked() {
        // When
        CliRun top = CliRun.of("query", "top", "--by", "pair", "--api", "http://127.0.0.1:99999");
        CliRun pair = CliRun.of("query", "pair", "10.0.0.1", "10.0.0.2", "--api", "http://127.0.0.1:65536/droptrace");

        // Then
        assertThat(top.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(top.err().lines()).containsExactly("droptrace: --api http://127.0.0.1:99999: port 99999 is not a "
                + "TCP port (1-65535)");
        assertThat(pair.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(pair.err()).contains("port 65536 is not a TCP port");
    }

    private static int aPortNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs droptrace with {@code args}, its {@code --api} an API answering {@code json} with {@code status}. */
    private static CliRun askApi(int status, String json, String... args) throws IOException {
        return askApi(status, json, exchange -> { }, args);
    }

    private static CliRun askApi(int status, String json, Consumer<HttpExchange> onRequest, String... args)
            throws IOException {
        HttpServer server = anApiAnswering(status, json, onRequest);
        try {
            String[] withApi = Arrays.copyOf(args, args.length + 2);
            withApi[args.length] = "--api";
            withApi[args.length + 1] = "http://127.0.0.1:" + server.getAddress().getPort();
            return CliRun.of(withApi);
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer anApiAnswering(int status, String json) throws IOException {
        return anApiAnswering(status, json, exchange -> { });
    }

    /** A started loopback API that tells {@code onRequest} of every request and answers it with {@code json}. */
    private static HttpServer anApiAnswering(int status, String json, Consumer<HttpExchange> onRequest)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            onRequest.accept(exchange);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
