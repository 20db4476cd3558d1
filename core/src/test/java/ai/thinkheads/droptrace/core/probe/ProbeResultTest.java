package ai.thinkheads.droptrace.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProbeResultTest {

    @Test
    void facts_are_written_sorted_by_key_whatever_order_they_were_found_or_read_in() throws Exception {
        // Given twelve facts found in reverse order of their keys
        Map<String, String> found = new LinkedHashMap<>();
        IntStream.iterate(12, i -> i > 0, i -> i - 1).forEach(i -> found.put(String.format("fact.%02d", i), "v" + i));
        ProbeResult result = new ProbeResult(ProbeResult.SCHEMA_VERSION, "p", ProbeKind.EXEC,
                Instant.parse("2025-11-20T14:01:00Z"), "local", null, null, null, null, null, 0, ProbeOutcome.EXEC_FAILED,
                false, null, 3, "exit code 3", found);

        // When written, and read back from that JSON
        String json = Json.events().writeValueAsString(result);
        ProbeResult read = Json.events().readValue(json, ProbeResult.class);

        // Then the keys come in their sorted order, in the result, its JSON and the JSON of the result read back
        List<String> sorted = found.keySet().stream().sorted().toList();
        assertThat(result.facts().keySet()).containsExactlyElementsOf(sorted);
        assertThat(json).contains("\"facts\":{\"fact.01\":\"v1\",\"fact.02\":\"v2\",\"fact.03\":\"v3\"");
        assertThat(Json.events().writeValueAsString(read)).isEqualTo(json);
        assertThat(read).isEqualTo(result);
    }
}
