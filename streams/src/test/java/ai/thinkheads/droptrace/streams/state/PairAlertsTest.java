package ai.thinkheads.droptrace.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.streams.correlate.CorrelationStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairAlertsTest {

    private static final Instant LAST = Instant.parse("2025-11-20T14:00:00Z");
    private static final Duration COOLDOWN = Duration.ofMinutes(10);

    @Test
    void state_written_before_cooldowns_kept_times_ahead_apart_still_reads_and_cools_down_as_before() {
        // Given: a pair's alert state as the previous version stored it (no lastAhead)
        byte[] stored = ("{\"cooldowns\":{\"MUST_WORK_BLOCKED\":{\"last\":\"" + LAST + "\",\"suppressed\":2}},"
                + "\"recent\":[]}").getBytes(StandardCharsets.UTF_8);
        // When
        PairAlerts alerts = CorrelationStores.ALERTS_VALUE.deserializer().deserialize("t", stored);
        // Then
        assertThat(alerts.suppressed(AlertKind.MUST_WORK_BLOCKED)).isEqualTo(2);
        Instant streamTime = LAST.plusSeconds(60);
        assertThat(alerts.coolingDown(AlertKind.MUST_WORK_BLOCKED, LAST.plusSeconds(60), COOLDOWN, streamTime)).isTrue();
        assertThat(alerts.coolingDown(AlertKind.MUST_WORK_BLOCKED, LAST.plus(COOLDOWN), COOLDOWN, LAST.plus(COOLDOWN)))
                .isFalse();
        assertThat(alerts.coolingDown(AlertKind.MUST_WORK_BLOCKED, streamTime.plusSeconds(1), COOLDOWN, streamTime))
                .as("an event dated ahead of stream time has no cooldown of its own yet").isFalse();
    }

    @Test
    void a_state_with_both_times_round_trips() {
        PairAlerts alerts = new PairAlerts(Map.of(AlertKind.RATE_ABOVE_BASELINE,
                new PairAlerts.Cooldown(LAST, 1, LAST.plus(Duration.ofDays(900)))), List.of());
        byte[] json = CorrelationStores.ALERTS_VALUE.serializer().serialize("t", alerts);
        assertThat(CorrelationStores.ALERTS_VALUE.deserializer().deserialize("t", json)).isEqualTo(alerts);
    }
}
