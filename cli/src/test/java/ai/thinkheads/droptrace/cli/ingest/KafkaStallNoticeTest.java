package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class KafkaStallNoticeTest {

    private static final long SECOND = 1_000_000_000L;

    private final StringWriter text = new StringWriter();
    private final KafkaStallNotice notice = new KafkaStallNotice(new PrintWriter(text), "waiting for it");

    @Test
    void a_stall_of_thirty_seconds_with_records_waiting_is_said_once_and_its_end_too() {
        // When: acknowledgements flow, then stop with 5 records waiting for 46 s, then flow again
        notice.check(10, 10, 0);
        notice.check(15, 10, 1 * SECOND);
        notice.check(15, 10, 30 * SECOND);
        notice.check(15, 10, 31 * SECOND);
        notice.check(15, 10, 40 * SECOND);
        notice.check(16, 15, 46 * SECOND);
        // Then
        assertThat(text.toString().lines()).containsExactly(
                "Kafka has acknowledged nothing for 30 s (5 records waiting); waiting for it",
                "Kafka acknowledges again, after 46 s");
    }

    @Test
    void one_record_waiting_is_said_in_the_singular() {
        // When: a tail's one new line waits for a Kafka that went away (TailStopIT's first stall, seen in its output)
        notice.check(20, 20, 0);
        notice.check(21, 20, 1 * SECOND);
        notice.check(21, 20, 31 * SECOND);
        // Then
        assertThat(text.toString().lines()).containsExactly(
                "Kafka has acknowledged nothing for 30 s (1 record waiting); waiting for it");
    }

    @Test
    void nothing_is_said_while_nothing_waits_or_acknowledgements_keep_coming() {
        // When: a quiet log (nothing sent) for a minute, then a slow but moving Kafka
        notice.check(0, 0, 0);
        notice.check(0, 0, 60 * SECOND);
        for (int k = 1; k <= 10; k++) {
            notice.check(100 + k, k, (60 + 20 * k) * SECOND);
        }
        // Then
        assertThat(text.toString()).isEmpty();
    }
}
