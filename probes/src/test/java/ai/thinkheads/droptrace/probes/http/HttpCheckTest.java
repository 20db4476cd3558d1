package ai.thinkheads.droptrace.probes.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.HttpSettings;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.JsonExpectation;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.ProvisionerExpectation;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tls.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpCheckTest {

    private static final HttpSettings HEALTH = new HttpSettings("http", "/health", null, null, 200,
            List.of(new JsonExpectation("/status", "ok")), null, null);

    private static Finding answer(String body) {
        Fetch fetch = new Fetch(new HttpResponse(200, body.getBytes(StandardCharsets.UTF_8), 3),
                Finding.of(ProbeOutcome.OPEN, "connected"));
        return HttpCheck.run(HEALTH, target -> fetch, new TrustAnchors(Map.of()));
    }

    @Test
    void an_empty_body_where_json_is_expected_says_so_instead_of_a_missing_pointer() {
        // When
        Finding empty = answer("");
        Finding text = answer("OK");
        Finding ok = answer("{\"status\":\"ok\"}");

        // Then
        assertThat(empty.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(empty.explanation()).isEqualTo("/health answered an empty body, not JSON");
        assertThat(text.explanation()).isEqualTo("/health did not answer JSON");
        assertThat(ok.outcome()).isEqualTo(ProbeOutcome.HTTP_OK);
    }

    @Test
    void a_provisioner_found_is_named_by_its_type_in_words_that_read_right_for_every_type() {
        // Given: Step-CA's /provisioners with an ACME provisioner (read "a-c-m-e": "a ACME" would read wrong)
        Fetch page = new Fetch(new HttpResponse(200, ("{\"provisioners\":[{\"type\":\"JWK\",\"name\":\"admin\"},"
                + "{\"type\":\"ACME\",\"name\":\"acme\"}]}").getBytes(StandardCharsets.UTF_8), 3),
                Finding.of(ProbeOutcome.OPEN, "connected"));
        HttpSettings anyAcme = new HttpSettings("https", "/provisioners", null, null, 200, List.of(),
                new ProvisionerExpectation("ACME", null), null);
        HttpSettings named = new HttpSettings("https", "/provisioners", null, null, 200, List.of(),
                new ProvisionerExpectation("ACME", "acme"), null);

        // When
        Finding any = HttpCheck.run(anyAcme, target -> page, new TrustAnchors(Map.of()));
        Finding byName = HttpCheck.run(named, target -> page, new TrustAnchors(Map.of()));

        // Then
        assertThat(any.outcome()).isEqualTo(ProbeOutcome.HTTP_OK);
        assertThat(any.explanation()).isEqualTo("/provisioners answered HTTP 200, a provisioner of type ACME is present");
        assertThat(byName.explanation())
                .isEqualTo("/provisioners answered HTTP 200, provisioner 'acme' of type ACME is present");
    }

    @Test
    void a_provisioner_missing_is_given_the_command_that_adds_that_provisioner_not_always_an_acme_one() {
        // Given: Step-CA's /provisioners with a JWK and an ACME provisioner, and probes looking for others
        Fetch page = new Fetch(new HttpResponse(200, ("{\"provisioners\":[{\"type\":\"JWK\",\"name\":\"admin\"},"
                + "{\"type\":\"ACME\",\"name\":\"acme\"}]}").getBytes(StandardCharsets.UTF_8), 3),
                Finding.of(ProbeOutcome.OPEN, "connected"));
        HttpSettings oidc = new HttpSettings("https", "/provisioners", null, null, 200, List.of(),
                new ProvisionerExpectation("OIDC", null), null);
        HttpSettings namedAcme = new HttpSettings("https", "/provisioners", null, null, 200, List.of(),
                new ProvisionerExpectation("ACME", "traefik"), null);

        // When
        Finding noOidc = HttpCheck.run(oidc, target -> page, new TrustAnchors(Map.of()));
        Finding noTraefik = HttpCheck.run(namedAcme, target -> page, new TrustAnchors(Map.of()));

        // Then
        assertThat(noOidc.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(noOidc.explanation()).endsWith("; add one (step ca provisioner add oidc --type OIDC, with the options a "
                + "provisioner of type OIDC needs)");
        assertThat(noTraefik.explanation()).startsWith("no ACME provisioner named 'traefik' among the CA's 2 provisioners")
                .endsWith("; add one (step ca provisioner add traefik --type ACME)");
    }

    @Test
    void a_redirect_where_another_status_is_expected_says_where_it_points_or_that_it_points_nowhere() {
        // Given: Traefik's entry point on 80 sending every request to https, and a server that redirects to nowhere
        Fetch toHttps = new Fetch(new HttpResponse(301, new byte[0], 2, "https://traefik.internal.test/health"),
                Finding.of(ProbeOutcome.OPEN, "connected"));
        Fetch nowhere = new Fetch(new HttpResponse(302, new byte[0], 2), Finding.of(ProbeOutcome.OPEN, "connected"));
        Fetch notFound = new Fetch(new HttpResponse(404, new byte[0], 2, "/ignored"), Finding.of(ProbeOutcome.OPEN, "c"));

        // When
        Finding redirected = HttpCheck.run(HEALTH, target -> toHttps, new TrustAnchors(Map.of()));
        Finding bare = HttpCheck.run(HEALTH, target -> nowhere, new TrustAnchors(Map.of()));
        Finding missing = HttpCheck.run(HEALTH, target -> notFound, new TrustAnchors(Map.of()));

        // Then
        assertThat(redirected.outcome()).isEqualTo(ProbeOutcome.HTTP_UNEXPECTED);
        assertThat(redirected.explanation())
                .isEqualTo("/health answered HTTP 301 (a redirect to https://traefik.internal.test/health), expected 200");
        assertThat(redirected.facts()).containsEntry("http.location", "https://traefik.internal.test/health");
        assertThat(bare.explanation()).isEqualTo("/health answered HTTP 302 (a redirect without a Location header), expected 200");
        assertThat(missing.explanation()).isEqualTo("/health answered HTTP 404, expected 200");
    }

    @Test
    void a_tls_port_asked_in_plain_http_is_told_to_need_scheme_https() {
        // Given what Go's net/http (Step-CA, Traefik) and nginx answer a plain request on their TLS port
        Fetch go = new Fetch(new HttpResponse(400, "Client sent an HTTP request to an HTTPS server.\n"
                .getBytes(StandardCharsets.UTF_8), 2), Finding.of(ProbeOutcome.OPEN, "connected"));
        Fetch nginx = new Fetch(new HttpResponse(400, ("<html><head><title>400 The plain HTTP request was sent to HTTPS "
                + "port</title></head></html>").getBytes(StandardCharsets.UTF_8), 2), Finding.of(ProbeOutcome.OPEN, "c"));
        Fetch other = new Fetch(new HttpResponse(400, "bad request".getBytes(StandardCharsets.UTF_8), 2),
                Finding.of(ProbeOutcome.OPEN, "connected"));

        for (Fetch tlsPort : List.of(go, nginx)) {
            // When
            Finding f = HttpCheck.run(HEALTH, target -> tlsPort, new TrustAnchors(Map.of()));

            // Then
            assertThat(f.outcome()).isEqualTo(ProbeOutcome.HTTP_UNEXPECTED);
            assertThat(f.explanation()).isEqualTo("/health answered HTTP 400, expected 200: the port speaks TLS, so an http "
                    + "probe of it needs scheme: https (the body says it was sent plain HTTP)");
        }
        assertThat(HttpCheck.run(HEALTH, target -> other, new TrustAnchors(Map.of())).explanation())
                .isEqualTo("/health answered HTTP 400, expected 200");
    }

    @Test
    void a_pointer_to_an_object_is_named_by_its_json_and_never_matches_as_an_empty_text() {
        // Given a health body whose /status is an object, and a probe that expects it to be "" (an object's text)
        HttpSettings empty = new HttpSettings("http", "/health", null, null, 200,
                List.of(new JsonExpectation("/status", "")), null, null);
        Fetch fetch = new Fetch(new HttpResponse(200, "{\"status\":{\"db\":\"ok\"}}".getBytes(StandardCharsets.UTF_8), 3),
                Finding.of(ProbeOutcome.OPEN, "connected"));

        // When
        Finding expectingOk = answer("{\"status\":{\"db\":\"ok\"}}");
        Finding expectingEmpty = HttpCheck.run(empty, target -> fetch, new TrustAnchors(Map.of()));

        // Then the explanation shows the object, not "/status is ''"
        assertThat(expectingOk.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
        assertThat(expectingOk.explanation()).isEqualTo("/health: /status is an object, {\"db\":\"ok\"}, expected 'ok'");
        assertThat(expectingEmpty.outcome()).isEqualTo(ProbeOutcome.EXPECTATION_FAILED);
    }
}
