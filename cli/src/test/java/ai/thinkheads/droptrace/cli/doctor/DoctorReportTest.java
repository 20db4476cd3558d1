package ai.thinkheads.droptrace.cli.doctor;

import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.F1_LINE;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.policy;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.tcp;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.tls;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.traced;
import static ai.thinkheads.droptrace.cli.doctor.DoctorFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.doctor.DoctorReport.Check;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.intent.MustWorkPath;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorReportTest {

    private static final ProbeResult F1 = tcp("F1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 8443,
            ProbeOutcome.TIMEOUT, false, "no answer within 3 s");
    private static final ProbeResult OK1 = tcp("OK1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 80,
            ProbeOutcome.OPEN, true, "connected in 1 ms");
    private static final ProbeResult F4 = tcp("F4", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 8080,
            ProbeOutcome.REFUSED, false, "the connection was refused with a TCP reset");

    private static Verdict f1Verdict() {
        return verdict(F1, VerdictClass.BLOCKED_LOGGED, policy("firewall/102.fw", 5, "policy_in: DROP"),
                List.of(F1_LINE), 3, 0, new Suggestion("add it", "firewall/102.fw", null, null,
                        "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443"));
    }

    @Test
    void a_failed_check_shows_its_verdict_the_verdicts_rule_the_first_log_line_and_the_rule_to_add() {
        // Given
        Verdict v = f1Verdict();

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", "/var/log/pve-firewall.log", 3, List.of(F1),
                Map.of("F1", v), Map.of("F1", traced("F1", "10.0.0.153", "10.0.0.12", 8443, Action.DROP,
                        "policy DROP of veth102i0-IN", "firewall/102.fw:5")));

        // Then
        Check c = report.checks().get(0);
        assertThat(c.verdict()).isEqualTo("BLOCKED_LOGGED");
        assertThat(c.confidence()).isEqualTo("HIGH");
        assertThat(c.rule().location()).isEqualTo("firewall/102.fw:5");
        assertThat(c.rule().kind()).isEqualTo("policy");
        assertThat(c.evidence()).isEqualTo("3 lines logged: 102 policy DROP SRC=10.0.0.153 DST=10.0.0.12 PROTO=TCP DPT=8443");
        assertThat(c.change()).isEqualTo("add to firewall/102.fw: IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        assertThat(c.tracer().action()).isEqualTo("DROP");
        assertThat(c.path()).isEqualTo("nginx-phoenix -> traefik-internal:8443");
    }

    @Test
    void a_path_the_tracer_could_not_trace_says_why_instead_of_an_empty_answer() {
        // Given: a probe to a loopback address; both ends are the host, which the tracer cannot walk
        PathVerdict untraceable = new PathVerdict(new MustWorkPath("OK1", null, "a", "b", "127.0.0.1", "127.0.0.1",
                "tcp", 80, true), null, false, null, null, null, List.of(), false,
                List.of("cannot trace: from and to must differ (both are host)"));

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(OK1), Map.of(),
                Map.of("OK1", untraceable));

        // Then
        Check c = report.checks().get(0);
        assertThat(c.tracer().action()).isNull();
        assertThat(c.tracer().note()).isEqualTo("cannot trace: from and to must differ (both are host)");
        assertThat(c.rule()).isNull();
    }

    @Test
    void a_passed_check_is_ok_and_names_the_rule_the_tracer_says_accepts_it() {
        // Given
        Map<String, Verdict> noVerdicts = Map.of();

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(OK1), noVerdicts,
                Map.of("OK1", traced("OK1", "10.0.0.153", "10.0.0.12", 80, Action.ACCEPT,
                        "rule firewall/102.fw:9 [RULES] 'IN ACCEPT -source 10.0.0.153 -p tcp -dport 80' (chain veth102i0-IN)",
                        "firewall/102.fw:9")));

        // Then
        Check c = report.checks().get(0);
        assertThat(c.verdict()).isEqualTo(DoctorReport.OK);
        assertThat(c.rule().file()).isEqualTo("firewall/102.fw");
        assertThat(c.rule().line()).isEqualTo(9);
        assertThat(c.rule().text()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 80");
        assertThat(c.change()).isNull();
        assertThat(c.evidence()).isEqualTo("connected in 1 ms");
        assertThat(report.summary().failed()).isZero();
        assertThat(report.summary().firewallBlocking()).isFalse();
        assertThat(report.summary().firewall().answer()).isEqualTo("no");
        assertThat(report.summary().firewall().evidence()).containsExactly(
                "no check was dropped or rejected; the ruleset accepts OK1");
    }

    @Test
    void drops_logged_on_a_checks_flow_that_the_configuration_accepts_answer_that_the_firewall_is_blocking() {
        // Given the log has Traefik's policy dropping F1 while the configuration published accepts it (drift)
        VerdictRule accept = new VerdictRule("rule", Action.ACCEPT, "firewall/102.fw", 9, "RULES",
                "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443", "veth102i0-IN", false, "rule firewall/102.fw:9");
        Map<String, Verdict> verdicts = Map.of("F1",
                verdict(F1, VerdictClass.CONFLICTING_EVIDENCE, accept, List.of(F1_LINE), 3, 0, null));
        Map<String, PathVerdict> tracer = Map.of("F1", traced("F1", "10.0.0.153", "10.0.0.12", 8443, Action.ACCEPT,
                "rule firewall/102.fw:9", "firewall/102.fw:9"));

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", "/var/log/pve-firewall.log", 3, List.of(F1),
                verdicts, tracer);

        // Then the kernel's own lines win over the configuration's accept: not "no check was dropped or rejected"
        assertThat(report.summary().firewallBlocking()).isTrue();
        assertThat(report.summary().firewall().answer()).isEqualTo("yes");
        assertThat(report.summary().firewall().evidence()).containsExactly("F1 CONFLICTING_EVIDENCE: 3 drops or rejects "
                + "logged on its flow, though the configuration accepts it (firewall/102.fw:9): the firewall running is "
                + "not this configuration");
        assertThat(report.checks().get(0).change()).startsWith("the log shows the firewall blocking what this "
                + "configuration accepts");
    }

    @Test
    void a_check_that_must_be_blocked_and_connects_says_which_rule_to_change() {
        // Given: the probe expects port 80 closed (expect: [TIMEOUT]) and connected; its verdict names the accepting rule
        ProbeResult open = tcp("B1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 80, ProbeOutcome.OPEN,
                false, "connected in 1 ms");
        VerdictRule accept = new VerdictRule("rule", Action.ACCEPT, "firewall/102.fw", 7, "RULES",
                "IN ACCEPT -source nginx -p tcp -dport 80", "veth102i0-IN", false, "rule firewall/102.fw:7");
        Map<String, Verdict> verdicts = Map.of("B1", verdict(open, VerdictClass.SERVICE_ERROR, accept, List.of(), 0, 0, null));

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(open), verdicts, Map.of());

        // Then
        Check c = report.checks().get(0);
        assertThat(c.rule().location()).isEqualTo("firewall/102.fw:7");
        assertThat(c.change()).isEqualTo("the path must be blocked, but firewall/102.fw:7 lets it through: remove or "
                + "narrow that rule, or add a DROP rule above it");
    }

    @Test
    void conflicting_evidence_without_a_logged_line_does_not_answer_that_the_firewall_is_blocking() {
        // Given a refused connection the configuration drops: nothing was logged
        Map<String, Verdict> verdicts = Map.of("F4", verdict(F4, VerdictClass.CONFLICTING_EVIDENCE,
                policy("firewall/102.fw", 5, "policy_in: DROP"), List.of(), 0, 0, null));
        Map<String, PathVerdict> tracer = Map.of("F4", traced("F4", "10.0.0.153", "10.0.0.12", 8080, Action.DROP,
                "policy DROP of veth102i0-IN", "firewall/102.fw:5"));

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(F4), verdicts, tracer);

        // Then
        assertThat(report.summary().firewallBlocking()).isFalse();
        assertThat(report.checks().get(0).change()).isNull();
    }

    @Test
    void probes_that_could_not_run_do_not_answer_that_the_firewall_is_not_blocking() {
        // Given both probes failed to run (the guest's namespace is gone), though the ruleset drops F1
        ProbeResult f1 = tcp("F1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 8443,
                ProbeOutcome.ERROR, false, "the probe tool ip failed (exit 255)");
        ProbeResult ok1 = tcp("OK1", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 80,
                ProbeOutcome.ERROR, false, "the probe tool ip failed (exit 255)");
        Map<String, Verdict> verdicts = Map.of(
                "F1", verdict(f1, VerdictClass.PROBE_ERROR, null, List.of(), 0, 0, null),
                "OK1", verdict(ok1, VerdictClass.PROBE_ERROR, null, List.of(), 0, 0, null));
        Map<String, PathVerdict> tracer = Map.of(
                "F1", traced("F1", "10.0.0.153", "10.0.0.12", 8443, Action.DROP, "policy DROP of veth102i0-IN",
                        "firewall/102.fw:5"),
                "OK1", traced("OK1", "10.0.0.153", "10.0.0.12", 80, Action.ACCEPT, "rule firewall/102.fw:9",
                        "firewall/102.fw:9"));

        // When
        DoctorReport none = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(f1, ok1), verdicts, tracer);
        DoctorReport some = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(f1, OK1), verdicts, tracer);

        // Then nothing tested is no answer; with one check through, the untested one is named
        assertThat(none.summary().firewallTested()).isFalse();
        assertThat(none.summary().firewall().answer()).isEqualTo("not tested");
        assertThat(none.summary().firewall().evidence()).containsExactly(
                "no check got a diagnosis: F1 PROBE_ERROR, OK1 PROBE_ERROR");
        assertThat(some.summary().firewallTested()).isTrue();
        assertThat(some.summary().firewall().answer()).isEqualTo("no");
        assertThat(some.summary().firewall().evidence()).containsExactly(
                "no check was dropped or rejected; the ruleset accepts OK1", "not tested: F1 PROBE_ERROR");
    }

    @Test
    void a_failed_check_the_correlator_did_not_decide_in_time_says_so_and_how_to_wait_longer() {
        // Given a failure with no verdict read back

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(F1), Map.of(), Map.of());

        // Then
        Check c = report.checks().get(0);
        assertThat(c.verdict()).isEqualTo(DoctorReport.NO_VERDICT);
        assertThat(c.rule()).isNull();
        assertThat(c.evidence()).isEqualTo("no answer within 3 s");
        assertThat(c.change()).contains("--grace");
        assertThat(report.summary().failed()).isEqualTo(1);
    }

    @Test
    void a_service_down_check_names_the_accepting_rule_and_asks_for_the_service() {
        // Given
        VerdictRule accept = new VerdictRule("rule", Action.ACCEPT, "firewall/102.fw", 11, "RULES",
                "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8080", "veth102i0-IN", false, "rule");
        Verdict v = verdict(F4, VerdictClass.SERVICE_DOWN, accept, List.of(), 0, 0, null);

        // When
        Check c = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(F4), Map.of("F4", v), Map.of()).checks().get(0);

        // Then
        assertThat(c.verdict()).isEqualTo("SERVICE_DOWN");
        assertThat(c.rule().location()).isEqualTo("firewall/102.fw:11");
        assertThat(c.evidence()).isEqualTo("the connection was refused with a TCP reset");
        assertThat(c.change()).isEqualTo("start the service on 10.0.0.12:8080 (traefik-internal): nothing listens there");
    }

    @Test
    void a_check_that_must_be_blocked_and_was_refused_is_never_told_to_open_the_path() {
        // Given: two probes that expect their path dropped (expect: [TIMEOUT]) and were refused: one by a REJECT rule,
        // one where the configuration accepts the packet and nothing listens
        ProbeResult rejected = closed("B2", 9000);
        ProbeResult accepted = closed("B3", 8080);
        VerdictRule reject = new VerdictRule("rule", Action.REJECT, "firewall/1001.fw", 8, "RULES",
                "IN REJECT -source 10.0.0.153 -p tcp -dport 9000", "tap1001i0-IN", false, "rule firewall/1001.fw:8");
        VerdictRule accept = new VerdictRule("rule", Action.ACCEPT, "firewall/102.fw", 11, "RULES",
                "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8080", "veth102i0-IN", false, "rule firewall/102.fw:11");
        Map<String, Verdict> verdicts = Map.of(
                "B2", verdict(rejected, VerdictClass.REJECTED, reject, List.of(), 0, 0, null),
                "B3", verdict(accepted, VerdictClass.SERVICE_DOWN, accept, List.of(), 0, 0, null));

        // When
        List<Check> checks = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(rejected, accepted), verdicts,
                Map.of()).checks();

        // Then: the blocked one is told how to block it as expected; the open one which rule lets it through
        assertThat(checks.get(0).change()).isEqualTo("the path is blocked by firewall/1001.fw:8, only not as the probe "
                + "expects (REFUSED, where it expects TIMEOUT): make that rule DROP, or add REFUSED to the probe's expect");
        assertThat(checks.get(1).change()).isEqualTo("the path must be blocked, but firewall/102.fw:11 lets it through: "
                + "remove or narrow that rule, or add a DROP rule above it");
    }

    /** A refused tcp probe that expects its path dropped, with the fact its result carries for that. */
    private static ProbeResult closed(String id, int port) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, id, ProbeKind.TCP, DoctorFixtures.T, "nginx-phoenix", 101, "x",
                "10.0.0.153", "10.0.0.12", "tcp", port, ProbeOutcome.REFUSED, false, null, 5,
                "the connection was refused with a TCP reset", Map.of(ProbeResult.EXPECT_FACT, "TIMEOUT"), null);
    }

    @Test
    void a_fix_that_replaces_a_line_says_which_line_to_change() {
        // Given
        ProbeResult f3 = tcp("F3", "traefik-internal", "portainer", "10.0.0.12", "10.0.0.111", 9443,
                ProbeOutcome.REFUSED, false, "refused");
        VerdictRule reject = new VerdictRule("rule", Action.REJECT, "firewall/1001.fw", 9, "RULES",
                "IN REJECT -source 10.0.0.12 -p tcp -dport 9443 -log info", "tap1001i0-IN", true, "rule");
        Verdict v = verdict(f3, VerdictClass.REJECTED, reject, List.of(F1_LINE.replace("policy DROP", "REJECT")), 0, 1,
                new Suggestion("change it", "firewall/1001.fw", 9, "IN REJECT ...", "IN ACCEPT -source 10.0.0.12 -p tcp -dport 9443"));

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 1, List.of(f3), Map.of("F3", v), Map.of());

        // Then
        Check c = report.checks().get(0);
        assertThat(c.change()).isEqualTo("change firewall/1001.fw:9 to: IN ACCEPT -source 10.0.0.12 -p tcp -dport 9443");
        assertThat(c.evidence()).startsWith("1 line logged: 102 REJECT SRC=");
        assertThat(report.summary().firewall().evidence()).containsExactly("F3 REJECTED firewall/1001.fw:9");
    }

    @Test
    void the_firewall_answer_lists_every_blocked_check_with_its_rule_and_leaves_out_the_others() {
        // Given
        Verdict down = verdict(F4, VerdictClass.SERVICE_DOWN, null, List.of(), 0, 0, null);

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 3, List.of(F1, F4, OK1),
                Map.of("F1", f1Verdict(), "F4", down), Map.of());

        // Then
        assertThat(report.summary().firewallBlocking()).isTrue();
        assertThat(report.summary().firewall().answer()).isEqualTo("yes");
        assertThat(report.summary().firewall().evidence()).containsExactly("F1 BLOCKED_LOGGED firewall/102.fw:5");
        assertThat(report.summary().checks()).isEqualTo(3);
        assertThat(report.summary().passed()).isEqualTo(1);
    }

    @Test
    void an_untrusted_chain_answers_that_the_chain_of_trust_is_broken_with_the_issuer_and_the_anchor() {
        // Given
        ProbeResult f5 = tls("F5", ProbeOutcome.INCOMPLETE_CHAIN, false, "CN=Portainer Local CA,O=lab");
        Verdict v = verdict(f5, VerdictClass.TLS_UNTRUSTED, null, List.of(), 0, 0, null);

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(f5), Map.of("F5", v),
                Map.of("F5", traced("F5", "10.0.0.153", "10.0.0.111", 9443, Action.ACCEPT,
                        "rule firewall/1001.fw:10 [RULES] 'IN ACCEPT -p tcp -dport 9443' (chain tap1001i0-IN)",
                        "firewall/1001.fw:10")));

        // Then
        DoctorReport.Summary s = report.summary();
        assertThat(s.trustBroken()).isTrue();
        assertThat(s.trust().answer()).isEqualTo("yes");
        assertThat(s.trust().evidence()).containsExactly("F5 TLS_UNTRUSTED (INCOMPLETE_CHAIN): "
                + "portainer.internal.thinkheads.ai:9443 presents a certificate issued by 'CN=Portainer Local CA,O=lab', "
                + "which trust anchor 'lab-root' does not vouch for");
        Check c = report.checks().get(0);
        assertThat(c.rule().location()).isEqualTo("firewall/1001.fw:10");
        assertThat(c.change()).isEqualTo("serve a certificate issued under the trusted root (it is issued by "
                + "Portainer Local CA), or trust that CA");
        assertThat(s.firewallBlocking()).isFalse();
    }

    @Test
    void a_verified_handshake_answers_no_and_no_handshake_at_all_answers_not_tested() {
        // Given
        ProbeResult trusted = tls("OK2", ProbeOutcome.TRUSTED, true, "CN=Intermediate");

        // When
        DoctorReport withTls = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(trusted, F1),
                Map.of("F1", f1Verdict()), Map.of());
        DoctorReport withoutTls = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(OK1), Map.of(), Map.of());

        // Then
        assertThat(withTls.summary().trust().answer()).isEqualTo("no");
        assertThat(withTls.summary().trust().evidence()).containsExactly("TLS verified by OK2");
        assertThat(withTls.summary().trustTested()).isTrue();
        assertThat(withoutTls.summary().trust().answer()).isEqualTo("not tested");
        assertThat(withoutTls.summary().trustTested()).isFalse();
        assertThat(withoutTls.summary().trustBroken()).isFalse();
    }

    @Test
    void an_https_check_run_by_curl_in_a_guest_counts_as_a_verified_handshake() {
        // Given Step-CA's /health over https, fetched by curl inside the guest (TLS facts, no typed TLS details)
        ProbeResult https = new ProbeResult(1, "OK2", ProbeKind.HTTP, DoctorFixtures.T, "nginx-phoenix", 101, "step-ca",
                "10.0.0.153", "10.0.0.10", "tcp", 9000, ProbeOutcome.HTTP_OK, true, 1L, 30,
                "/health answered HTTP 200, JSON as expected",
                Map.of("http.status", "200", "tls.protocol", "TLSv1.3", "tls.handshakeMillis", "4"));

        // When
        DoctorReport report = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(https), Map.of(), Map.of());

        // Then
        assertThat(report.summary().trustTested()).isTrue();
        assertThat(report.summary().trust().answer()).isEqualTo("no");
        assertThat(report.summary().trust().evidence()).containsExactly("TLS verified by OK2");
    }

    @Test
    void a_log_line_that_is_not_pve_firewalls_is_shortened_not_parsed() {
        // Given
        String line = "x".repeat(150);

        // When
        String brief = CheckBuilder.brief(line);

        // Then
        assertThat(brief).hasSize(100).endsWith("…");
    }

    @Test
    void a_drop_that_is_not_logged_also_says_how_to_log_it() {
        // Given
        ProbeResult f2 = tcp("F2", "traefik-internal", "step-ca", "10.0.0.12", "10.0.0.10", 9000,
                ProbeOutcome.TIMEOUT, false, "no answer within 3 s");
        VerdictRule drop = new VerdictRule("rule", Action.DROP, "firewall/103.fw", 9, "RULES",
                "IN DROP -source 10.0.0.12 -p tcp -dport 9000", "veth103i0-IN", false, "rule");
        Verdict v = new Verdict(1, Verdict.idOf("F2", f2.time()), VerdictClass.BLOCKED_PREDICTED,
                ai.thinkheads.droptrace.core.verdict.Confidence.HIGH, f2.time(), f2.time(), Verdict.Probe.of(f2), "s", "r",
                List.of(), 0, 0, drop,
                new Suggestion("log it", "firewall/103.fw", 9, "IN DROP ...", "IN DROP -source 10.0.0.12 -p tcp -dport 9000 -log info"),
                new Suggestion("fix it", "firewall/103.fw", 9, "IN DROP ...", "IN ACCEPT -source 10.0.0.12 -p tcp -dport 9000"),
                "v1");

        // When
        Check c = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(f2), Map.of("F2", v), Map.of()).checks().get(0);

        // Then
        assertThat(c.change()).isEqualTo("change firewall/103.fw:9 to: IN ACCEPT -source 10.0.0.12 -p tcp -dport 9000");
        assertThat(c.logIt()).isEqualTo("change firewall/103.fw:9 to: IN DROP -source 10.0.0.12 -p tcp -dport 9000 -log info");
        assertThat(c.evidence()).isEqualTo("no answer within 3 s");
    }

    @Test
    void the_tracers_fix_for_a_blocking_rule_is_added_above_that_rule_not_written_over_it(@TempDir Path pve)
            throws IOException {
        // Given a security group that drops the packet, brought into guest 102 by its GROUP line (102.fw:5); the
        // tracer's fix is an accept to add above that line, which must stay: it brings the group's other rules in
        Files.createDirectories(pve.resolve("firewall"));
        Files.writeString(pve.resolve("firewall/cluster.fw"),
                "[OPTIONS]\nenable: 1\n\n[group web]\nIN DROP -p tcp -dport 8443\nIN ACCEPT -p tcp -dport 80\n");
        Files.writeString(pve.resolve("firewall/102.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nGROUP web\n");
        Files.createDirectories(pve.resolve("nodes/pve/lxc"));
        Files.writeString(pve.resolve("nodes/pve/lxc/102.conf"),
                "net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=52:54:00:00:01:02,ip=10.0.0.12/24,type=veth\n");
        Suggestion fix = RuleTracer.compile(ConfigDirectoryReader.read(pve, ReadOptions.defaults()))
                .trace(TraceRequest.flow("10.0.0.153", "10.0.0.12", "tcp", 8443)).fix();
        VerdictRule drop = new VerdictRule("rule", Action.DROP, "firewall/cluster.fw", 5, "group web",
                "IN DROP -p tcp -dport 8443", "GROUP-web-IN", false, "rule");
        Verdict v = verdict(F1, VerdictClass.BLOCKED_PREDICTED, drop, List.of(), 0, 0, fix);

        // When
        Check c = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(F1), Map.of("F1", v), Map.of()).checks().get(0);

        // Then
        assertThat(fix.line()).isEqualTo(5);
        assertThat(c.change()).isEqualTo("add above firewall/102.fw:5 (first match wins): "
                + "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
    }

    @Test
    void a_samba_share_the_policys_noise_filter_drops_gets_a_rule_to_add_and_one_that_logs_each_naming_its_file(
            @TempDir Path pve) throws IOException {
        // Given guest 102's DROP policy, whose PVEFW-Drop removes tcp/445 without a line, as the tracer answers it
        Files.createDirectories(pve.resolve("firewall"));
        Files.writeString(pve.resolve("firewall/cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(pve.resolve("firewall/102.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\n");
        Files.createDirectories(pve.resolve("nodes/pve/lxc"));
        Files.writeString(pve.resolve("nodes/pve/lxc/102.conf"),
                "net0: name=eth0,bridge=vmbr0,firewall=1,hwaddr=52:54:00:00:01:02,ip=10.0.0.12/24,type=veth\n");
        var t = RuleTracer.compile(ConfigDirectoryReader.read(pve, ReadOptions.defaults()))
                .trace(TraceRequest.flow("10.0.0.153", "10.0.0.12", "tcp", 445));
        ProbeResult smb = tcp("SMB", "nginx-phoenix", "traefik-internal", "10.0.0.153", "10.0.0.12", 445,
                ProbeOutcome.TIMEOUT, false, "no answer within 3 s");
        Verdict v = new Verdict(1, Verdict.idOf("SMB", smb.time()), VerdictClass.BLOCKED_PREDICTED,
                ai.thinkheads.droptrace.core.verdict.Confidence.HIGH, smb.time(), smb.time(), Verdict.Probe.of(smb), "s",
                "r", List.of(), 0, 0, null, t.suggestion(), t.fix(), "v1");

        // When
        Check c = DoctorReport.of("ns", "v1", "/etc/pve", null, 0, List.of(smb), Map.of("SMB", v), Map.of()).checks()
                .get(0);

        // Then
        assertThat(c.change()).isEqualTo("add to firewall/102.fw: IN ACCEPT -source 10.0.0.153 -p tcp -dport 445");
        assertThat(c.logIt()).isEqualTo("add to firewall/102.fw: IN DROP -p tcp -dport 445 -log info");
    }
}
