package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The ruleset travels on a compacted topic and is rebuilt in Streams instances: it must survive JSON exactly. */
class JsonRoundTripTest {

    private final ObjectMapper mapper = Json.events();

    @Test
    void a_ruleset_survives_json_exactly_and_compiles_to_the_same_answers() throws Exception {
        // Given
        Ruleset original = PhoenixSite.ruleset();

        // When
        String json = mapper.writeValueAsString(original);
        Ruleset back = mapper.readValue(json, Ruleset.class);

        // Then
        assertThat(back).isEqualTo(original);
        assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
        TraceRequest request = TraceRequest.between(Zone.parse("ct101"), Zone.parse("ct102"), "tcp", 8443);
        assertThat(RuleTracer.compile(back).explain(request)).isEqualTo(RuleTracer.compile(original).explain(request));
    }

    @Test
    void the_kafka_serde_carries_a_ruleset_too() {
        // Given
        Ruleset original = PhoenixSite.ruleset();
        JsonSerde<Ruleset> serde = new JsonSerde<>(Ruleset.class);

        // When
        byte[] bytes = serde.serializer().serialize("droptrace.test.ruleset", original);

        // Then
        assertThat(serde.deserializer().deserialize("droptrace.test.ruleset", bytes)).isEqualTo(original);
    }

    @Test
    void trace_results_and_requests_survive_json_with_their_decider_kind() throws Exception {
        // Given
        RuleTracer tracer = PhoenixSite.tracer();
        TraceRequest request = TraceRequest.between(Zone.parse("outside"), Zone.parse("ct101"), "tcp", 22);
        TraceResult result = tracer.explain(request);

        // When
        TraceResult back = mapper.readValue(mapper.writeValueAsString(result), TraceResult.class);
        TraceRequest requestBack = mapper.readValue(mapper.writeValueAsString(request), TraceRequest.class);

        // Then
        assertThat(back).isEqualTo(result);
        assertThat(back.decidedBy()).isInstanceOf(Decider.RuleDecision.class);
        assertThat(mapper.writeValueAsString(request)).contains("\"from\":\"outside\"", "\"to\":\"ct101\"");
        assertThat(requestBack).isEqualTo(request);
    }
}
