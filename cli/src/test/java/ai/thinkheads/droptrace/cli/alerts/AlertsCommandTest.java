package ai.thinkheads.droptrace.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsCommandTest {

    @Test
    void a_followed_alert_whose_chain_holds_an_escape_sequence_is_printed_with_it_shown() {
        // Given: an alert on a line whose chain name carries a clear-screen sequence
        Instant t = Instant.parse("2025-11-20T14:12:00Z");
        String chain = "veth102i0-IN\u001b[2J";
        Alert alert = new Alert(Alert.SCHEMA_VERSION, Alert.idOf("10.9.9.9", "10.0.0.12", AlertKind.FIRST_DROPS, t),
                AlertKind.FIRST_DROPS, null, t, "10.9.9.9", "10.0.0.12", "tcp", 8443,
                new Alert.Window(Instant.parse("2025-11-20T14:12:00Z"), Instant.parse("2025-11-20T14:13:00Z")), 1, 1,
                0, List.of("tcp/8443"), null, 102, chain, Action.DROP, true, "policy DROP", null, 0,
                "First blocked traffic: dropped by chain " + chain + " (vmid 102).", "the line");

        // When
        String line = AlertsCommand.line(alert);

        // Then
        assertThat(line).doesNotContain("\u001b").endsWith("dropped by chain veth102i0-IN\\x1b[2J (vmid 102).");
    }
}
