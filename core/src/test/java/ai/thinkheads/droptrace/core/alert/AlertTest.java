package ai.thinkheads.droptrace.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTest {

    private static final Instant T = Instant.parse("2025-11-20T14:01:12Z");

    static Alert alert(AlertKind kind, Alert.Baseline baseline) {
        return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("10.0.0.153", "10.0.0.12", kind, T), kind, null, T,
                "10.0.0.153", "10.0.0.12", "tcp", 8443,
                new Alert.Window(Instant.parse("2025-11-20T14:01:00Z"), Instant.parse("2025-11-20T14:02:00Z")),
                3, 3, 0, List.of("tcp/8443"), baseline, 102, "veth102i0-IN", Action.DROP, true, "policy DROP", null,
                0, "10.0.0.153 -> 10.0.0.12 tcp/8443 blocked", "the line");
    }

    @Test
    void an_alert_round_trips_through_the_alerts_topic_serde_with_its_schema_and_without_an_empty_rule() {
        // Given
        var serde = Topics.ALERTS.valueSerde();
        Alert alert = alert(AlertKind.MUST_WORK_BLOCKED, null);
        // When
        byte[] bytes = serde.serializer().serialize("t", alert);
        Alert back = serde.deserializer().deserialize("t", bytes);
        // Then
        assertThat(back).isEqualTo(alert);
        assertThat(back.severity()).isEqualTo(AlertKind.Severity.CRITICAL);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .contains("\"schema\":1", "\"kind\":\"MUST_WORK_BLOCKED\"", "\"time\":\"2025-11-20T14:01:12Z\"")
                .doesNotContain("\"rule\"", "\"baseline\"");
    }

    @Test
    void the_id_names_pair_kind_and_event_time_so_a_replay_gives_the_same_id() {
        assertThat(Alert.idOf("a", "b", AlertKind.FIRST_DROPS, T)).isEqualTo("a|b|FIRST_DROPS|" + T.toEpochMilli());
    }

    @Test
    void a_rate_alert_without_its_baseline_is_rejected() {
        assertThatThrownBy(() -> alert(AlertKind.RATE_ABOVE_BASELINE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseline");
    }

    @Test
    void a_window_that_ends_before_it_starts_is_rejected() {
        assertThatThrownBy(() -> new Alert.Window(T, T)).isInstanceOf(IllegalArgumentException.class);
    }
}
