package ai.thinkheads.droptrace.probes.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.Ports;
import ai.thinkheads.droptrace.probes.testing.Probing;
import ai.thinkheads.droptrace.probes.testing.SilentTcpServer;
import ai.thinkheads.droptrace.probes.testing.StepCaTestServer;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP(S) checks against a real HTTPS server answering in Step-CA's JSON shapes. */
class HttpProbeIT {

    static final String NAME = "ca.internal.test";
    static TestPki pki;
    static StepCaTestServer ca;
    static StepCaTestServer caWithoutAcme;
    @TempDir
    static Path dir;
    static String trust;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki("Test Internal CA");
        TestPki.Issued leaf = pki.leaf(NAME, List.of(NAME, "127.0.0.1"));
        ca = new StepCaTestServer(leaf, List.of(new String[] {"JWK", "admin@test"}, new String[] {"OIDC", "sso"},
                new String[] {"X5C", "x5c"}, new String[] {"ACME", "acme"}), pki.root.certificate());
        caWithoutAcme = new StepCaTestServer(leaf, List.of(new String[] {"JWK", "admin@test"}, new String[] {"OIDC", "sso"},
                new String[] {"X5C", "x5c"}), new TestPki("Stale CA").root.certificate());
        Path stale = TestPki.write(dir.resolve("stale.crt"), List.of(new TestPki("Old Test CA").root.certificate()));
        trust = "trust:\n  ca-root: {file: " + pki.writeRoot(dir, "root.crt") + "}\n  stale-root: {file: " + stale + "}\n";
    }

    @AfterAll
    static void stop() {
        ca.close();
        caWithoutAcme.close();
    }

    static ProbeResult probe(String from, int port, String http) {
        return Probing.once(trust, "  - {id: h1, from: " + from + ", to: 127.0.0.1, kind: http, port: " + port
                + ", timeout: 2s, http: {serverName: " + NAME + ", trust: ca-root, " + http + "}}\n");
    }

    @Test
    void health_answers_status_ok() {
        ProbeResult r = probe("local", ca.port(), "path: /health, json: [{pointer: /status, equals: ok}]");
        assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.HTTP_OK);
        assertThat(r.facts()).containsEntry("http.status", "200");
        assertThat(r.tls().anchorVerdict()).isEqualTo("TRUSTED");
    }

    @Test
    void the_acme_provisioner_is_found_by_following_the_cursor_to_the_second_page() {
        ProbeResult r = probe("local", ca.port(), "path: /provisioners, provisioner: {type: ACME, name: acme}");
        assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.HTTP_OK);
        assertThat(r.facts()).containsEntry("stepca.pages", "2").containsEntry("stepca.provisioner", "ACME:acme");
    }

    @Test
    void a_ca_without_an_acme_provisioner_fails_the_expectation_and_names_what_it_has() {
        ProbeResult r = probe("local", caWithoutAcme.port(), "path: /provisioners, provisioner: {type: ACME}");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(r.explanation()).contains("no ACME provisioner").contains("3 provisioners");
    }

    @Test
    void roots_contains_the_exported_root_or_says_it_is_stale() {
        assertThat(probe("local", ca.port(), "path: /roots, rootMatches: ca-root").outcome()).isEqualTo(ProbeOutcome.HTTP_OK);
        ProbeResult stale = probe("local", ca.port(), "path: /roots, rootMatches: stale-root");
        assertThat(stale.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(stale.explanation()).contains("stale");
    }

    @Test
    void an_unexpected_status_is_http_unexpected() {
        ProbeResult r = probe("local", ca.port(), "path: /broken");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.HTTP_UNEXPECTED);
        assertThat(r.explanation()).contains("503");
    }

    @Test
    void a_wrong_json_value_fails_the_expectation() {
        ProbeResult r = probe("local", ca.port(), "path: /health, json: [{pointer: /status, equals: degraded}]");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
    }

    @Test
    void an_untrusted_certificate_stops_before_the_request() {
        ProbeResult r = Probing.once(trust, "  - {id: h1, to: 127.0.0.1, kind: http, port: " + ca.port()
                + ", timeout: 2s, http: {serverName: " + NAME + ", trust: stale-root, path: /health}}\n");
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.UNTRUSTED);
        assertThat(r.facts()).doesNotContainKey("http.status");
    }

    @Test
    void without_a_server_name_the_certificate_must_name_the_address() throws Exception {
        // Given a server whose certificate names only the CA's host name, not 127.0.0.1
        try (StepCaTestServer namedOnly = new StepCaTestServer(pki.leaf(NAME, List.of(NAME)), List.of(), pki.root.certificate())) {
            // When an https probe without serverName asks it at its address
            ProbeResult r = Probing.once(trust, "  - {id: h1, to: 127.0.0.1, kind: http, port: " + namedOnly.port()
                    + ", timeout: 2s, http: {trust: ca-root, path: /health}}\n");

            // Then the name check fails before any request, as it does for a tls probe
            assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.HOSTNAME_MISMATCH);
            assertThat(r.explanation()).contains("not for 127.0.0.1");
            assertThat(r.facts()).doesNotContainKey("http.status");
        }
    }

    @Test
    void a_server_that_accepts_and_never_answers_is_a_response_timeout_and_a_closed_port_is_refused() throws Exception {
        try (SilentTcpServer silent = new SilentTcpServer()) {
            ProbeResult r = Probing.once("  - {id: h1, to: 127.0.0.1, kind: http, port: " + silent.port()
                    + ", timeout: 1s, http: {scheme: http, path: /health}}\n");
            assertThat(r.outcome()).isEqualTo(ProbeOutcome.RESPONSE_TIMEOUT);
        }
        assertThat(Probing.once("  - {id: h1, to: 127.0.0.1, kind: http, port: " + Ports.closedTcp()
                + ", timeout: 1s, http: {scheme: http}}\n").outcome()).isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void curl_in_a_guest_gives_the_same_http_answers() throws Exception {
        // curl checks the guest's own store, which does not hold the test root: pass it with --cacert.
        String tools = "exec:\n  tools:\n    http: [curl, -sS, -v, --cacert, " + dir.resolve("root.crt") + ", --connect-to, "
                + "'{serverName}:{port}:{address}:{port}', --max-time, '{timeoutSeconds}', -w, "
                + "\"\\nDROPTRACE-HTTP %{http_code} %{time_connect} %{time_appconnect}\\n\", '{url}']\n";
        ProbeResult health = Probing.once(trust + tools, "  - {id: h1, from: lab-guest, to: 127.0.0.1, kind: http, port: " + ca.port()
                + ", timeout: 2s, http: {serverName: " + NAME + ", path: /health, json: [{pointer: /status, equals: ok}]}}\n");
        assertThat(health.outcome()).as(health.explanation()).isEqualTo(ProbeOutcome.HTTP_OK);
        assertThat(health.facts()).containsKey("tls.protocol");
        ProbeResult acme = Probing.once(trust + tools, "  - {id: h1, from: lab-guest, to: 127.0.0.1, kind: http, port: " + ca.port()
                + ", timeout: 2s, http: {serverName: " + NAME + ", path: /provisioners, provisioner: {type: ACME}}}\n");
        assertThat(acme.outcome()).as(acme.explanation()).isEqualTo(ProbeOutcome.HTTP_OK);
        ProbeResult untrusted = Probing.once(trust, "  - {id: h1, from: lab-guest, to: 127.0.0.1, kind: http, port: " + ca.port()
                + ", timeout: 2s, http: {serverName: " + NAME + ", path: /health}}\n");
        assertThat(untrusted.outcome()).as(untrusted.explanation()).isEqualTo(ProbeOutcome.UNTRUSTED);
        assertThat(Probing.once("  - {id: h1, from: lab-guest, to: 127.0.0.1, kind: http, port: " + Ports.closedTcp()
                + ", timeout: 1s, http: {scheme: http}}\n").outcome()).isEqualTo(ProbeOutcome.REFUSED);
    }

    @Test
    void an_ipv6_server_name_goes_into_the_host_header_in_brackets() throws Exception {
        // Given a plain HTTP server on loopback that records the Host header it is sent
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> host = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    String said = "";
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        said = line.regionMatches(true, 0, "Host:", 0, 5) ? line.substring(5).strip() : said;
                    }
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return said;
                } catch (IOException e) {
                    return e.toString();
                }
            });

            // When an http probe names the server by an IPv6 address
            ProbeResult r = Probing.once("  - {id: h1, to: 127.0.0.1, kind: http, port: " + server.getLocalPort()
                    + ", timeout: 2s, http: {scheme: http, serverName: 'fd00::5'}}\n");

            // Then the Host is [fd00::5]:port, which a server can read ('fd00::5:port' is not a host and port)
            assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.HTTP_OK);
            assertThat(host.get(10, TimeUnit.SECONDS)).isEqualTo("[fd00::5]:" + server.getLocalPort());
        }
    }
}
