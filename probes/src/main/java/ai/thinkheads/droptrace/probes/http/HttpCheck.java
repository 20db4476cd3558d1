package ai.thinkheads.droptrace.probes.http;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.HttpSettings;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.JsonExpectation;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tls.Certificates;
import ai.thinkheads.droptrace.probes.tls.TrustAnchors;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP check: the status, JSON values by pointer, and the Step-CA checks — a provisioner of a
 * type in {@code /provisioners} (following {@code nextCursor} page by page) and a certificate in
 * {@code /roots} whose fingerprint equals a trust anchor's (the exported root).
 */
public final class HttpCheck {

    static final int MAX_PAGES = 50;

    private HttpCheck() {
    }

    public static Finding run(HttpSettings settings, Fetch.Fetcher fetcher, TrustAnchors anchors) {
        Fetch first = fetcher.get(settings.path());
        if (!first.ok()) {
            return first.transport();
        }
        Finding base = first.transport().withFact("http.status", first.response().status());
        HttpResponse response = first.response();
        if (response.status() != settings.status()) {
            Finding unexpected = response.location() == null ? base : base.withFact("http.location", response.location());
            return unexpected.withOutcome(ProbeOutcome.HTTP_UNEXPECTED, settings.path() + " answered HTTP "
                    + response.status() + redirect(response) + ", expected " + settings.status() + tlsPort(response));
        }
        JsonNode json = null;
        if (!settings.json().isEmpty() || settings.provisioner() != null || settings.rootMatches() != null) {
            json = parse(response);
            if (json == null) {
                return base.withOutcome(ProbeOutcome.EXPECTATION_FAILED, settings.path() + (response.body().length == 0
                        ? " answered an empty body, not JSON" : " did not answer JSON"));
            }
        }
        for (JsonExpectation e : settings.json()) {
            JsonNode value = json.at(e.pointer());
            if (value.isMissingNode() || !value.isValueNode() || !value.asText().equals(e.equals())) {
                return base.withOutcome(ProbeOutcome.EXPECTATION_FAILED, settings.path() + ": " + e.pointer() + " is "
                        + shown(value) + ", expected '" + e.equals() + "'");
            }
        }
        if (settings.provisioner() != null) {
            Finding f = provisioner(settings, fetcher, json, base);
            if (f.outcome() != ProbeOutcome.HTTP_OK) {
                return f;
            }
            base = f;
        }
        if (settings.rootMatches() != null) {
            Finding f = roots(settings, json, anchors, base);
            if (f.outcome() != ProbeOutcome.HTTP_OK) {
                return f;
            }
            base = f;
        }
        return base.withOutcome(ProbeOutcome.HTTP_OK, okText(settings, response.status()));
    }

    /** A value found at a pointer, as the explanation names it: an object or array as its JSON, whose text is no value. */
    private static String shown(JsonNode value) {
        if (value.isMissingNode()) {
            return "missing";
        }
        if (value.isValueNode()) {
            return "'" + value.asText() + "'";
        }
        String json = value.toString();
        return (value.isObject() ? "an object, " : "an array, ") + (json.length() > 200 ? json.substring(0, 200) + "..." : json);
    }

    /** Where a redirect points (a probe does not follow it: the path that should answer is the one given). */
    private static String redirect(HttpResponse response) {
        if (!response.redirect()) {
            return "";
        }
        String to = response.location();
        if (to == null) {
            return " (a redirect without a Location header)";
        }
        return " (a redirect to " + (to.length() > 200 ? to.substring(0, 200) + "..." : to) + ")";
    }

    /**
     * What the 400 of a TLS port to a plain request says (Go's net/http, so Step-CA and Traefik: "Client sent an HTTP
     * request to an HTTPS server."; nginx: "The plain HTTP request was sent to HTTPS port"): the probe's scheme is wrong,
     * as a plain port that answers the TLS hello is said to be for {@code scheme: https}.
     */
    private static String tlsPort(HttpResponse response) {
        if (response.status() != 400) {
            return "";
        }
        String body = response.text();
        return body.contains("HTTP request to an HTTPS server") || body.contains("plain HTTP request was sent to HTTPS port")
                ? ": the port speaks TLS, so an http probe of it needs scheme: https (the body says it was sent plain HTTP)"
                : "";
    }

    private static String okText(HttpSettings s, int status) {
        // "a provisioner of type ACME", not "a ACME provisioner": Step-CA's types (ACME, OIDC, X5C, SSHPOP, ...) are read letter by letter
        String what = s.provisioner() != null ? ", " + (s.provisioner().name() == null ? "a provisioner"
                : "provisioner '" + s.provisioner().name() + "'") + " of type " + s.provisioner().type() + " is present"
                : s.rootMatches() != null ? ", it serves the root of '" + s.rootMatches() + "'"
                : s.json().isEmpty() ? "" : ", JSON as expected";
        return s.path() + " answered HTTP " + status + what;
    }

    private static Finding provisioner(HttpSettings s, Fetch.Fetcher fetcher, JsonNode firstPage, Finding base) {
        String type = s.provisioner().type();
        String name = s.provisioner().name();
        Set<String> seen = new HashSet<>();
        JsonNode page = firstPage;
        int count = 0;
        for (int pages = 1; pages <= MAX_PAGES; pages++) {
            JsonNode list = page.path("provisioners");
            if (!list.isArray()) {
                return base.withOutcome(ProbeOutcome.EXPECTATION_FAILED, s.path() + " has no 'provisioners' list: not Step-CA's /provisioners");
            }
            for (JsonNode p : list) {
                count++;
                seen.add(p.path("type").asText() + ":" + p.path("name").asText());
                if (p.path("type").asText().equalsIgnoreCase(type) && (name == null || p.path("name").asText().equals(name))) {
                    return base.withFact("stepca.provisioner", p.path("type").asText() + ":" + p.path("name").asText())
                            .withFact("stepca.pages", pages).withOutcome(ProbeOutcome.HTTP_OK, "ok");
                }
            }
            String cursor = page.path("nextCursor").asText("");
            if (cursor.isEmpty()) {
                break;
            }
            String sep = s.path().contains("?") ? "&" : "?";
            Fetch next = fetcher.get(s.path() + sep + "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            if (!next.ok()) {
                return next.transport();
            }
            page = parse(next.response());
            if (page == null || next.response().status() != 200) {
                return base.withOutcome(ProbeOutcome.EXPECTATION_FAILED, "a following page of " + s.path() + " was not JSON (HTTP "
                        + next.response().status() + ")");
            }
        }
        // the command for the provisioner this probe looks for, not always an ACME one named acme
        String upper = type.toUpperCase(Locale.ROOT);
        String add = "step ca provisioner add " + (name == null ? type.toLowerCase(Locale.ROOT) : name) + " --type " + upper
                + (upper.equals("ACME") ? "" : ", with the options a provisioner of type " + upper + " needs");
        return base.withFact("stepca.provisioners", String.join(",", seen)).withOutcome(ProbeOutcome.EXPECTATION_FAILED,
                "no " + type + " provisioner" + (name == null ? "" : " named '" + name + "'") + " among the CA's " + count
                        + " provisioners " + seen + "; add one (" + add + ")");
    }

    private static Finding roots(HttpSettings s, JsonNode json, TrustAnchors anchors, Finding base) {
        TrustAnchors.Anchor anchor = anchors.get(s.rootMatches());
        if (!anchor.usable()) {
            return base.withOutcome(ProbeOutcome.ERROR, anchor.problem());
        }
        Set<String> wanted = new HashSet<>();
        anchor.certificates().forEach(c -> wanted.add(Certificates.sha256(c)));
        JsonNode crts = json.path("crts");
        if (!crts.isArray()) {
            return base.withOutcome(ProbeOutcome.EXPECTATION_FAILED, s.path() + " has no 'crts' list: not Step-CA's /roots");
        }
        List<String> served = new java.util.ArrayList<>();
        for (JsonNode pem : crts) {
            try {
                for (X509Certificate c : Certificates.fromPem(pem.asText())) {
                    served.add(Certificates.sha256(c));
                }
            } catch (CertificateException e) {
                return base.withOutcome(ProbeOutcome.EXPECTATION_FAILED, s.path() + " holds a certificate that cannot be read");
            }
        }
        if (served.stream().anyMatch(wanted::contains)) {
            return base.withFact("stepca.rootSha256", served.stream().filter(wanted::contains).findFirst().orElseThrow())
                    .withOutcome(ProbeOutcome.HTTP_OK, "ok");
        }
        return base.withFact("stepca.servedRoots", String.join(",", served)).withOutcome(ProbeOutcome.EXPECTATION_FAILED,
                "the CA serves " + served.size() + " root(s), none with the fingerprint of '" + s.rootMatches()
                        + "': the exported root is stale or from another CA; export the current root again");
    }

    private static JsonNode parse(HttpResponse response) {
        try {
            JsonNode node = Json.events().readTree(response.body());
            // an empty body reads as a missing node, whose every pointer is "missing": it is no JSON at all
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }
}
