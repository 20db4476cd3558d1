package ai.thinkheads.droptrace.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsCommandTest {

    @Test
    void a_followed_alert_is_a_row_in_the_columns_of_the_table_printed_at_start_with_its_escape_sequence_shown() {
        // Given: the table of one alert printed at start, and an alert followed whose chain carries a clear-screen
        Instant t = Instant.parse("2025-11-20T14:12:00Z");
        TextTable table = AlertsCommand.table().row(AlertsCommand.cells(alert(t, "veth102i0-IN")));
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));

        // When
        table.printFollowed(new PrintWriter(text), AlertsCommand.cells(alert(t.plusSeconds(60), "veth1\u001b[2J")));

        // Then: the same columns as the table (the summary starts where the header's does), the sequence shown
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).doesNotContain("\u001b").contains("102/veth1\\x1b[2J")
                .endsWith("dropped by chain veth1\\x1b[2J (vmid 102).");
        int summary = lines.get(0).indexOf("SUMMARY");
        assertThat(lines.get(1).indexOf("First blocked")).isEqualTo(summary);
        assertThat(lines.get(2).indexOf("First blocked")).isEqualTo(summary);
        assertThat(lines.get(2).indexOf("10.9.9.9")).isEqualTo(lines.get(0).indexOf("SOURCE"));
    }

    private static Alert alert(Instant t, String chain) {
        return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("10.9.9.9", "10.0.0.12", AlertKind.FIRST_DROPS, t),
                AlertKind.FIRST_DROPS, null, t, "10.9.9.9", "10.0.0.12", "tcp", 8443,
                new Alert.Window(t, t.plusSeconds(60)), 1, 1, 0, List.of("tcp/8443"), null, 102, chain, Action.DROP, true,
                "policy DROP", null, 0, "First blocked traffic: dropped by chain " + chain + " (vmid 102).", "the line");
    }
}
