package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordedResultsTest {

    @Test
    void results_are_read_oldest_first_and_a_line_that_is_not_one_is_rejected_with_its_number() {
        // Given
        String lines = """
                {"schema":1,"probeId":"b","kind":"TCP","time":"2025-11-20T14:02:00Z","outcome":"OPEN","passed":true,"durationMillis":1}

                not json
                {"schema":1,"probeId":"a","kind":"TCP","time":"2025-11-20T14:01:00Z","outcome":"TIMEOUT","passed":false,"durationMillis":1}
                {"schema":1,"probeId":"c","kind":"TCP"}
                """;
        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(lines)), "r.jsonl");
        // Then
        assertThat(read.results()).extracting(r -> r.probeId()).containsExactly("a", "b");
        assertThat(read.results().get(0).outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(read.results().get(0).time()).isEqualTo(Instant.parse("2025-11-20T14:01:00Z"));
        assertThat(read.rejected()).extracting(RecordedResults.Rejected::lineNumber).containsExactly(3, 5);
        assertThat(read.errors().get(0)).startsWith("r.jsonl:3: not a probe result (");
        assertThat(read.rejected().get(1).line()).isEqualTo("{\"schema\":1,\"probeId\":\"c\",\"kind\":\"TCP\"}");
    }
}
