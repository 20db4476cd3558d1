package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenStopLossesTest {

    @Test
    void a_stop_that_lost_nothing_has_no_line() {
        // Given
        ListenStopLosses none = new ListenStopLosses(0, null, 0, 0, 0, 0);
        // Then
        assertThat(none.any()).isFalse();
        assertThat(none.line()).isNull();
    }

    @Test
    void records_kafka_refused_alone_are_said_as_before() {
        // Given
        ListenStopLosses refused = new ListenStopLosses(2, "too large", 0, 0, 0, 0);
        // Then
        assertThat(refused.any()).isTrue();
        assertThat(refused.line()).isEqualTo("Kafka did not accept 2 record(s) (too large); they are lost (see the "
                + "summary and the error logged when it refused the first)");
    }

    @Test
    void records_kafka_did_not_acknowledge_and_datagrams_not_sent_make_the_stop_unclean_and_are_counted() {
        // Given: Kafka went away before the stop
        ListenStopLosses lost = new ListenStopLosses(0, null, 1_234, 0, 2, 0);
        // Then
        assertThat(lost.any()).isTrue();
        assertThat(lost.line()).isEqualTo("the stop lost 1,234 record(s) Kafka did not acknowledge within 15 s, 2 udp "
                + "datagram(s) received but not sent to Kafka (see the summary)");
    }

    @Test
    void frames_and_bytes_left_unread_make_the_stop_unclean_with_a_refusal_among_them() {
        // Given
        ListenStopLosses lost = new ListenStopLosses(1, "no", 0, 3, 0, 4_096);
        // Then
        assertThat(lost.any()).isTrue();
        assertThat(lost.line()).isEqualTo("the stop lost 3 tcp and tls frame(s) read but not sent to Kafka, 4,096 "
                + "byte(s) senders had sent, not read, 1 record(s) Kafka refused (no) (see the summary)");
    }
}
