package ai.thinkheads.droptrace.cli.verdicts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTableTest {

    private static final Instant T = Instant.parse("2025-11-20T14:12:01Z");

    @Test
    void the_details_and_the_table_show_the_control_characters_of_a_probe_id_and_an_evidence_line() {
        // Given: a probe id and a logged line that carry escape sequences
        ProbeResult result = new ProbeResult(1, "esc\u001b[31m-probe", ProbeKind.TCP, T, "x", null, "y", "10.9.9.9",
                "10.0.0.12", "tcp", 8443, ProbeOutcome.TIMEOUT, false, null, 5003, "no answer", Map.of());
        String line = "102 6 veth102i0-IN\u001b[2J 20/Nov/2025:09:12:00 -0500 policy DROP: SRC=10.9.9.9 DST=10.0.0.12";
        Verdict verdict = new Verdict(1, Verdict.idOf(result.probeId(), T), VerdictClass.BLOCKED_LOGGED,
                Confidence.MEDIUM, T, T, Verdict.Probe.of(result), "esc\u001b[31m-probe: dropped", "a drop was logged",
                List.of(line), 1, 0, null, null, null, null);
        StringWriter details = new StringWriter();
        StringWriter table = new StringWriter();

        // When
        VerdictTable.detail(new PrintWriter(details), verdict);
        VerdictTable.table(List.of(verdict)).print(new PrintWriter(table));

        // Then
        assertThat(details.toString()).doesNotContain("\u001b")
                .contains("  esc\\x1b[31m-probe: dropped")
                .contains("    evidence: 102 6 veth102i0-IN\\x1b[2J 20/Nov/2025");
        assertThat(table.toString()).doesNotContain("\u001b").contains("esc\\x1b[31m-probe");
    }

    @Test
    void a_live_probe_time_is_shown_to_the_second_as_the_other_tables_show_times_and_json_keeps_it_whole() {
        // Given: a verdict on a probe started at a time taken to the microsecond, as a live probe's is
        Instant started = Instant.parse("2026-11-28T09:36:12.345678Z");
        ProbeResult result = new ProbeResult(1, "nginx-to-traefik", ProbeKind.TCP, started, "x", null, "y",
                "10.0.0.153", "10.0.0.12", "tcp", 8443, ProbeOutcome.TIMEOUT, false, null, 5003, "no answer", Map.of());
        Verdict verdict = new Verdict(1, Verdict.idOf(result.probeId(), started), VerdictClass.BLOCKED_PREDICTED,
                Confidence.HIGH, started, started, Verdict.Probe.of(result), "dropped", "the policy drops it",
                List.of(), 0, 0, null, null, null, null);
        StringWriter details = new StringWriter();
        StringWriter table = new StringWriter();

        // When
        VerdictTable.detail(new PrintWriter(details), verdict);
        VerdictTable.table(List.of(verdict)).print(new PrintWriter(table));

        // Then: 2026-11-28T09:36:12.345678Z was printed as it stood
        assertThat(table.toString()).doesNotContain(".345678").containsPattern("\\n2026-11-28T09:36:12Z +nginx-to-traefik ");
        assertThat(details.toString()).doesNotContain(".345678").startsWith("2026-11-28T09:36:12Z  BLOCKED_PREDICTED");
        StringWriter json = new StringWriter();
        ai.thinkheads.droptrace.cli.output.JsonOutput.line(new PrintWriter(json), verdict);
        assertThat(json.toString()).contains("\"time\":\"2026-11-28T09:36:12.345678Z\"");
    }

    @Test
    void the_details_name_the_ruleset_version_the_rule_is_from() {
        // Given: a verdict decided by the configuration published before a newer one
        ProbeResult result = new ProbeResult(1, "nginx-to-traefik", ProbeKind.TCP, T, "x", null, "y", "10.0.0.153",
                "10.0.0.12", "tcp", 8443, ProbeOutcome.TIMEOUT, false, null, 5003, "no answer", Map.of());
        VerdictRule rule = new VerdictRule("policy", Action.DROP, "firewall/102.fw", null, "OPTIONS",
                "policy_in: DROP (default)", "veth102i0-IN", false, "policy DROP of veth102i0-IN");
        Verdict verdict = new Verdict(1, Verdict.idOf(result.probeId(), T), VerdictClass.BLOCKED_PREDICTED,
                Confidence.HIGH, T, T, Verdict.Probe.of(result), "dropped", "the policy drops it", List.of(), 0, 0, rule,
                null, null, "1b164d3c54b4592c");
        StringWriter details = new StringWriter();

        // When
        VerdictTable.detail(new PrintWriter(details), verdict);

        // Then
        assertThat(details.toString()).contains("    rule:     firewall/102.fw:policy_in  policy_in: DROP (default)\n"
                + "    ruleset:  1b164d3c54b4592c\n");
    }

    @Test
    void an_ipv6_destination_is_written_in_brackets_so_that_its_port_is_not_read_as_its_last_group() {
        // Given: fd00:10::12:8443 is an IPv6 address of its own
        ProbeResult result = new ProbeResult(1, "v6-mesh", ProbeKind.TCP, T, "x", null, "y", "fd00:10::153",
                "fd00:10::12", "tcp", 8443, ProbeOutcome.TIMEOUT, false, null, 5003, "no answer", Map.of());
        Verdict verdict = new Verdict(1, Verdict.idOf(result.probeId(), T), VerdictClass.BLOCKED_LOGGED,
                Confidence.MEDIUM, T, T, Verdict.Probe.of(result), "v6-mesh: dropped", "a drop was logged",
                List.of(), 1, 0, null, null, null, null);
        StringWriter table = new StringWriter();

        // When
        VerdictTable.table(List.of(verdict)).print(new PrintWriter(table));

        // Then
        assertThat(verdict.probe().flow()).isEqualTo("tcp fd00:10::153 -> [fd00:10::12]:8443");
        assertThat(table.toString()).contains("tcp fd00:10::153 -> [fd00:10::12]:8443");
    }
}
