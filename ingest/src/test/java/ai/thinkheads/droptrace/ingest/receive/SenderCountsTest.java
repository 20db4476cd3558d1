package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.json.Json;
import org.junit.jupiter.api.Test;

class SenderCountsTest {

    @Test
    void senders_are_told_most_lines_first_as_text_and_as_json() throws Exception {
        SenderCounts counts = new SenderCounts();
        counts.add("udp://10.0.0.11", 3);
        counts.add("tcp://10.0.0.12", 1_234);
        counts.add("udp://10.0.0.11", 2);
        counts.add("tls://10.0.0.13", 1);

        assertThat(counts.senders()).isEqualTo(3);
        assertThat(counts.top(2).toString()).isEqualTo("tcp://10.0.0.12 1,234, udp://10.0.0.11 5 (and 1 more)");
        assertThat(Json.events().writeValueAsString(counts.top(10)))
                .isEqualTo("{\"tcp://10.0.0.12\":1234,\"udp://10.0.0.11\":5,\"tls://10.0.0.13\":1}");
        assertThat(new SenderCounts().top(10).toString()).isEqualTo("none");
    }

    @Test
    void beyond_the_most_senders_told_apart_lines_are_counted_as_others() {
        SenderCounts counts = new SenderCounts();
        for (int k = 0; k < SenderCounts.MOST + 5; k++) {
            counts.add("udp://sender-" + k, 1);
        }
        assertThat(counts.senders()).isEqualTo(SenderCounts.MOST + 1);
        assertThat(counts.top(1).lines()).containsEntry(SenderCounts.OTHERS, 5L);
    }
}
