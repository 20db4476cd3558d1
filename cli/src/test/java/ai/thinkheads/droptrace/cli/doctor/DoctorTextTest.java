package ai.thinkheads.droptrace.cli.doctor;

import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.F1_LINE;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.policy;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.tcp;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorTextTest {

    @Test
    void the_report_is_an_aligned_table_then_evidence_and_change_of_each_failed_check_then_the_two_answers() {
        // Given
        ProbeResult f1 = tcp("F1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 8443,
                ProbeOutcome.TIMEOUT, false, "no answer within 3 s");
        ProbeResult ok1 = tcp("OK1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 80,
                ProbeOutcome.OPEN, true, "connected");
        DoctorReport report = DoctorReport.of("doctor-1", "v1", "/etc/pve", "/var/log/pve-firewall.log", 3,
                List.of(f1, ok1), Map.of("F1", verdict(f1, VerdictClass.BLOCKED_LOGGED,
                        policy("firewall/102.fw", 5, "policy_in: DROP"), List.of(F1_LINE), 3, 0,
                        new Suggestion("add", "firewall/102.fw", null, null, "IN ACCEPT -p tcp -dport 8443"))), Map.of());
        StringWriter text = new StringWriter();

        // When
        DoctorText.print(new PrintWriter(text), report);

        // Then
        assertThat(text.toString().lines().toList()).containsExactly(
                "CHECK  PATH                                    OUTCOME  VERDICT         RULE",
                "F1     nginx-phoenix -> traefik-internal:8443  TIMEOUT  BLOCKED_LOGGED  firewall/102.fw:5",
                "OK1    nginx-phoenix -> traefik-internal:80    OPEN     OK              -",
                "",
                "F1  BLOCKED_LOGGED  firewall/102.fw:5  policy_in: DROP",
                "    evidence  3 lines logged: 102 policy DROP SRC=10.0.0.153 DST=10.0.0.12 PROTO=TCP DPT=8443",
                "    change    add to firewall/102.fw: IN ACCEPT -p tcp -dport 8443",
                "",
                "2 checks: 1 passed, 1 failed.",
                "Is the chain of trust broken?  NOT TESTED",
                "    no check completed a TLS handshake",
                "Is the firewall blocking?      YES",
                "    F1 BLOCKED_LOGGED firewall/102.fw:5",
                "",
                "Firewall configuration /etc/pve (ruleset v1); log /var/log/pve-firewall.log (3 lines read); "
                        + "namespace doctor-1.");
    }

    @Test
    void the_evidence_of_a_check_shows_the_escape_sequences_and_bidirectional_controls_of_its_log_line() {
        // Given: a failed check whose first logged line is not a pve-firewall line, with a colour sequence and a
        // right-to-left override; and a rule whose text holds a right-to-left isolate
        DoctorReport.Check check = new DoctorReport.Check("F9", "tcp", "a", "b", "1.1.1.1", "2.2.2.2", "tcp", 1,
                "TIMEOUT", false, "BLOCKED_LOGGED", "HIGH",
                new DoctorReport.Rule("firewall/102.fw:5", "rule", "firewall/102.fw", 5, "IN DROP # \u2067x\u2069", "DROP"),
                "1 line logged: kernel: \u001b[31mIN=\u202eTPECCA", "c", null, null, null, null);
        DoctorReport report = DoctorReport.of("doctor-1", "v1", "/etc/pve", null, 1, List.of(), Map.of(), Map.of());
        DoctorReport withCheck = new DoctorReport(report.namespace(), report.rulesetVersion(), report.configSource(),
                report.log(), report.logLines(), List.of(check), report.summary());
        StringWriter text = new StringWriter();

        // When
        DoctorText.print(new PrintWriter(text), withCheck);

        // Then
        assertThat(text.toString()).doesNotContain("\u001b", "\u202e", "\u2067")
                .contains("    evidence  1 line logged: kernel: \\x1b[31mIN=\\u202eTPECCA")
                .contains("F9  BLOCKED_LOGGED  firewall/102.fw:5  IN DROP # \\u2067x\\u2069");
    }

    @Test
    void a_long_evidence_line_is_cut_without_splitting_an_emoji_in_two() {
        // Given: a line that is not pve-firewall's, its 99th character an emoji (two UTF-16 units)
        String line = "x".repeat(98) + "\ud83d\udd25" + "y".repeat(10);

        // When
        String brief = CheckBuilder.brief(line);

        // Then
        assertThat(brief).isEqualTo("x".repeat(98) + "\ud83d\udd25\u2026");
    }

    @Test
    void a_default_policy_without_a_line_says_default() {
        // Given
        DoctorReport.Check check = new DoctorReport.Check("F9", "tcp", "a", "b", "1.1.1.1", "2.2.2.2", "tcp", 1,
                "TIMEOUT", false, "BLOCKED_PREDICTED", "HIGH",
                new DoctorReport.Rule("firewall/102.fw:policy_in", "policy", "firewall/102.fw", null, "policy_in: DROP (default)",
                        "DROP"), "e", "c", null, null, null, null);

        // When
        String rule = DoctorText.rule(check);

        // Then
        assertThat(rule).isEqualTo("firewall/102.fw:policy_in (default)");
    }

    @Test
    void one_check_is_counted_in_the_singular() {
        // Given ('1 checks: 1 passed, 0 failed.' before)
        ProbeResult ok1 = tcp("OK1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 80,
                ProbeOutcome.OPEN, true, "connected");
        DoctorReport report = DoctorReport.of("doctor-1", "v1", "/etc/pve", "/var/log/pve-firewall.log", 0,
                List.of(ok1), Map.of(), Map.of());
        StringWriter text = new StringWriter();

        // When
        DoctorText.print(new PrintWriter(text), report);

        // Then
        assertThat(text.toString().lines()).contains("1 check: 1 passed, 0 failed.");
    }
}
