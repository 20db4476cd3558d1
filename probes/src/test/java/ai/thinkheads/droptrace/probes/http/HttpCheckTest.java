package ai.thinkheads.droptrace.probes.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.HttpSettings;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.JsonExpectation;
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
}
