package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultPrinterTest {

    static ProbeResult untrusted(String explanation) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, "tls-evil", ProbeKind.TLS, Instant.parse("2026-11-27T11:41:21Z"),
                "local", null, "127.0.0.1", "127.0.0.1", "127.0.0.1", "tcp", 8443, ProbeOutcome.UNTRUSTED, false, 1L, 5,
                explanation, Map.of());
    }

    @Test
    void a_streamed_line_shows_the_control_characters_a_server_sent_instead_of_printing_them() {
        // Given a result whose explanation quotes a certificate name with a colour sequence and a newline
        StringWriter text = new StringWriter();
        ResultPrinter printer = new ResultPrinter(new PrintWriter(text), false);

        // When it is printed as the schedule prints each result
        printer.line(untrusted("the chain ends in the root 'ev\u001b[31mil\nforged', which is not in trust anchor 'lab'"));

        // Then it stays one line (under the header), with the characters shown as in the --once table
        assertThat(text.toString()).doesNotContain("\u001b").endsWith("\\x0aforged', which is not in trust anchor 'lab'"
                + System.lineSeparator());
        assertThat(text.toString().lines()).hasSize(2).first().asString().startsWith("TIME ");
        assertThat(text.toString()).contains("'ev\\x1b[31mil\\x0aforged'");
    }

    @Test
    void the_json_line_keeps_the_explanation_as_sent() {
        // Given
        StringWriter text = new StringWriter();
        ResultPrinter printer = new ResultPrinter(new PrintWriter(text), true);

        // When
        printer.line(untrusted("root 'ev\u001b[31mil'"));

        // Then JSON escapes it itself, so a reader gets the original text
        assertThat(text.toString()).contains("\"explanation\":\"root 'ev\\u001B[31mil'\"");
    }

    @Test
    void a_streamed_line_shows_the_probe_s_time_to_the_second() {
        // Given a result of a probe started at a time taken to the microsecond, as the schedule's are
        ProbeResult r = untrusted("x");
        ProbeResult live = new ProbeResult(r.schema(), r.probeId(), r.kind(), Instant.parse("2026-11-27T11:41:21.123456Z"),
                r.from(), r.fromVmid(), r.to(), r.source(), r.destination(), r.protocol(), r.port(), r.outcome(),
                r.passed(), r.connectMillis(), r.durationMillis(), r.explanation(), r.facts(), r.tls());
        StringWriter text = new StringWriter();

        // When
        new ResultPrinter(new PrintWriter(text), false).line(live);

        // Then
        assertThat(text.toString().lines().skip(1)).singleElement().asString().startsWith("2026-11-27T11:41:21Z  tls-evil ");
    }

    @Test
    void the_schedule_prints_its_rows_under_a_header_as_wide_as_the_longest_probe_id(@TempDir Path dir)
            throws Exception {
        // Given: probes whose ids are longer than the 24 columns the line gave them (phoenix.yaml has two)
        Path config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: pve1, addresses: [127.0.0.1]}
                probes:
                  - {id: portainer-to-drphoenix-agent, to: 127.0.0.1, kind: tcp, port: 9001}
                  - {id: web, to: 127.0.0.1, kind: tcp, port: 80}
                """);
        List<PlannedProbe> probes = PlanFiles.select(PlanFiles.load(config), null);
        StringWriter text = new StringWriter();
        ResultPrinter printer = new ResultPrinter(new PrintWriter(text), false, probes);

        // When: the short one's result comes first, as on a schedule
        printer.line(result("web", 80, ProbeOutcome.OPEN, true));
        printer.line(result("portainer-to-drphoenix-agent", 9001, ProbeOutcome.REFUSED, false));

        // Then: a header once, and every column starts where its header does
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("TIME                  PROBE                         RESULT  TO         PORT");
        int result = lines.get(0).indexOf("RESULT");
        int outcome = lines.get(0).indexOf("OUTCOME");
        assertThat(lines.get(1).substring(result)).startsWith("ok  ");
        assertThat(lines.get(2).substring(result)).startsWith("FAIL");
        assertThat(lines.get(1).substring(outcome)).startsWith("OPEN ");
        assertThat(lines.get(2).substring(outcome)).startsWith("REFUSED ");
    }

    private static ProbeResult result(String id, int port, ProbeOutcome outcome, boolean passed) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, id, ProbeKind.TCP, Instant.parse("2026-11-27T11:41:21Z"),
                "local", null, "127.0.0.1", "127.0.0.1", "127.0.0.1", "tcp", port, outcome, passed, 1L, 5,
                "port " + port, Map.of());
    }
}
