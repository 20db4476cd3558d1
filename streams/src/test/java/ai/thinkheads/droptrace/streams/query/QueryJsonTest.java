package ai.thinkheads.droptrace.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API answers its words as they are asked for: {@code by=pair} comes back as {@code "by":"pair"}. */
class QueryJsonTest {

    @Test
    void a_top_list_names_what_it_ranks_and_its_buckets_in_the_words_of_the_request() throws JsonProcessingException {
        // Given
        TimeRange range = TimeRange.of(Instant.parse("2025-11-20T14:00:00Z"), Instant.parse("2025-11-20T15:00:00Z"), null);
        TopList top = new TopList("live", TopBy.PAIR, range, 10, List.of());
        // When
        String json = Json.events().writeValueAsString(top);
        // Then
        assertThat(json).contains("\"by\":\"pair\"").contains("\"resolution\":\"minute\"").doesNotContain("PAIR", "MINUTE");
    }

    @Test
    void the_words_read_back_in_any_case() throws JsonProcessingException {
        // When / Then: an instance of an older version answers them in upper case
        assertThat(Json.events().readValue("\"rule\"", TopBy.class)).isEqualTo(TopBy.RULE);
        assertThat(Json.events().readValue("\"RULE\"", TopBy.class)).isEqualTo(TopBy.RULE);
        assertThat(Json.events().readValue("\"HOUR\"", Resolution.class)).isEqualTo(Resolution.HOUR);
    }
}
