package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.tlsProbe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts from the three kinds of evidence, with explicit event time, on the example Phoenix
 * configuration: Nginx (10.0.0.153) to Traefik (10.0.0.12) on 8443 is dropped by guest 102's
 * default policy, which does not log; port 80 is accepted by a rule; Traefik to Portainer
 * (10.0.0.111) on 9000 is rejected by a logging rule.
 */
class VerdictTopologyTest extends PhoenixVerdictTest {

    @Test
    void a_silent_failure_dropped_by_a_nolog_policy_is_predicted_with_the_policy_and_how_to_log_it() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        assertThat(driver.verdicts()).as("undecided while the grace runs").isEmpty();
        // When: stream time passes t + window + grace
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
        assertThat(v.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(v.rule().kind()).isEqualTo("policy");
        assertThat(v.rule().file()).isEqualTo("firewall/102.fw");
        assertThat(v.rule().chain()).isEqualTo("veth102i0-IN");
        assertThat(v.rule().location()).isEqualTo("firewall/102.fw:policy_in");
        assertThat(v.suggestion().after()).isEqualTo("log_level_in: info");
        assertThat(v.fix().after()).isEqualTo("IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        assertThat(v.evidence()).isEmpty();
        assertThat(v.rulesetVersion()).isEqualTo(PhoenixRulesets.published(T).version());
        assertThat(v.id()).isEqualTo("gw-mesh|" + T.toEpochMilli());
    }

    @Test
    void a_drop_just_inside_the_window_before_the_probe_makes_it_blocked_logged_once_the_window_closes() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(drop(GW, MESH, 8443, T.minus(WINDOW)));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW)));
        assertThat(driver.verdicts()).as("the window is still open").isEmpty();
        // When: stream time passes the window's end (other pairs' records are checked every 200 ms of stream time)
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plusSeconds(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
        assertThat(v.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(v.drops()).isEqualTo(1);
        assertThat(v.evidence()).singleElement().asString().contains("SRC=10.0.0.153 DST=10.0.0.12");
        assertThat(v.rule().location()).isEqualTo("firewall/102.fw:policy_in");
        assertThat(v.fix()).isNotNull();
    }

    @Test
    void a_drop_another_guest_logged_for_a_flooded_copy_of_the_frame_is_no_evidence() {
        // Given: the bridge forgot Traefik's MAC and flooded the SYN; Portainer's (1001) policy logged its copy
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(GW, MESH, "TCP", 8443, Action.DROP, 1001, "tap1001i0-IN", true, T.plusSeconds(1)));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then: Traefik's own nolog policy is the answer, not a logged drop of Portainer's
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
        assertThat(v.drops()).isZero();
        assertThat(v.evidence()).isEmpty();
    }

    @Test
    void a_drop_the_sources_own_out_chain_logged_is_evidence() {
        // Given: Nginx's (101) own OUT chain dropped the flow
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(GW, MESH, "TCP", 8443, Action.DROP, 101, "veth101i0-OUT", false, T.plusSeconds(1)));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
        assertThat(v.drops()).isEqualTo(1);
    }

    @Test
    void a_drop_just_outside_the_window_before_the_probe_is_no_evidence() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(drop(GW, MESH, 8443, T.minus(WINDOW).minusMillis(1)));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        // When
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
        assertThat(v.drops()).isZero();
    }

    @Test
    void a_log_line_arriving_after_the_probe_within_the_grace_still_explains_it() {
        // Given: stream time reaches exactly t + window + grace, the last moment of the grace
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE)));
        assertThat(driver.verdicts()).isEmpty();
        // When: the probe's own drop, at the window's end, arrives late
        driver.pipe(drop(GW, MESH, 8443, T.plus(WINDOW)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_LOGGED);
        assertThat(v.decidedAt()).isEqualTo(T.plus(WINDOW).plus(GRACE));
    }

    @Test
    void a_log_line_arriving_after_the_grace_is_too_late_and_changes_nothing() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plus(GRACE).plusMillis(1)));
        // When
        driver.pipe(drop(GW, MESH, 8443, T.plusSeconds(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
    }

    @Test
    void a_failure_waits_no_longer_than_the_grace_in_wall_clock_time_when_no_record_moves_stream_time() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE.minusSeconds(1));
        assertThat(driver.verdicts()).isEmpty();
        // When
        driver.advanceWallClock(Duration.ofSeconds(1));
        // Then
        assertThat(single(driver.verdicts()).verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
    }

    @Test
    void a_silent_failure_of_a_packet_the_ruleset_accepts_is_not_the_firewall() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh-web", GW, MESH, 80, ProbeOutcome.TIMEOUT, T));
        // When
        driver.advanceWallClock(GRACE);
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.NOT_FIREWALL);
        assertThat(v.rule().kind()).isEqualTo("rule");
        assertThat(v.rule().action()).isEqualTo(Action.ACCEPT);
        assertThat(v.rule().location()).isEqualTo("firewall/102.fw:7");
        assertThat(v.fix()).isNull();
    }

    @Test
    void a_refused_connection_the_ruleset_accepts_is_a_service_that_is_down() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh-web", GW, MESH, 80, ProbeOutcome.REFUSED, T));
        // When
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(single(driver.verdicts()).verdict()).isEqualTo(VerdictClass.SERVICE_DOWN);
    }

    @Test
    void a_refused_connection_with_a_logged_reject_names_the_rejecting_rule() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(event(MESH, PORTAINER, "TCP", 9000, Action.REJECT, 1001, "tap1001i0-IN", false, T.plusSeconds(1)));
        driver.pipe(probe("mesh-portainer-ca", MESH, PORTAINER, 9000, ProbeOutcome.REFUSED, T));
        // When: the window closes
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plusSeconds(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.REJECTED);
        assertThat(v.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(v.rejects()).isEqualTo(1);
        assertThat(v.rule().location()).isEqualTo("firewall/1001.fw:8");
        assertThat(v.rule().text()).startsWith("IN REJECT -p tcp -dport 9000 -log info");
    }

    @Test
    void tls_failures_are_decided_from_the_outcome_at_once() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        // When
        driver.pipe(tlsProbe("mesh-untrusted", GW, MESH, 8443, ProbeOutcome.UNTRUSTED, T));
        driver.pipe(tlsProbe("mesh-name", GW, MESH, 8443, ProbeOutcome.HOSTNAME_MISMATCH, T));
        driver.pipe(tlsProbe("mesh-expired", GW, MESH, 8443, ProbeOutcome.EXPIRED, T));
        // Then
        assertThat(driver.verdicts()).extracting(Verdict::verdict).containsExactly(VerdictClass.TLS_UNTRUSTED,
                VerdictClass.TLS_HOSTNAME_MISMATCH, VerdictClass.TLS_EXPIRED);
    }

    @Test
    void a_logged_drop_of_a_packet_the_ruleset_accepts_is_conflicting_evidence() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh-web", GW, MESH, 80, ProbeOutcome.TIMEOUT, T));
        driver.pipe(drop(GW, MESH, 80, T.plusSeconds(2)));
        // When: the window closes
        driver.pipe(drop("10.9.9.9", MESH, 22, T.plus(WINDOW).plusSeconds(1)));
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.CONFLICTING_EVIDENCE);
        assertThat(v.confidence()).isEqualTo(Confidence.LOW);
        assertThat(v.rule().location()).isEqualTo("firewall/102.fw:7");
    }

    @Test
    void a_failed_probe_that_passes_again_is_ok_once() {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(tlsProbe("mesh-tls", GW, MESH, 8443, ProbeOutcome.UNTRUSTED, T));
        // When
        driver.pipe(tlsProbe("mesh-tls", GW, MESH, 8443, ProbeOutcome.TRUSTED, T.plusSeconds(60)));
        driver.pipe(tlsProbe("mesh-tls", GW, MESH, 8443, ProbeOutcome.TRUSTED, T.plusSeconds(120)));
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).extracting(Verdict::verdict).containsExactly(VerdictClass.TLS_UNTRUSTED, VerdictClass.OK);
        assertThat(verdicts.get(1).time()).isEqualTo(T.plusSeconds(60));
    }

    @Test
    void a_new_ruleset_version_applies_to_the_next_verdict_without_a_restart(@TempDir Path tmp) {
        // Given
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        assertThat(single(driver.verdicts()).verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
        // When: the fix is applied and published
        Path fixed = PhoenixRulesets.copyWith(tmp, "102.fw", "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        driver.publish(PhoenixRulesets.published(fixed, T.plusSeconds(30)));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T.plusSeconds(60)));
        driver.advanceWallClock(GRACE);
        // Then
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.NOT_FIREWALL);
        assertThat(v.rule().location()).isEqualTo("firewall/102.fw:10");
        assertThat(v.rulesetVersion()).isNotEqualTo(PhoenixRulesets.published(T).version());
    }

    @Test
    void a_failure_is_decided_by_the_ruleset_of_its_time_when_a_fix_is_published_while_it_waits(@TempDir Path tmp) {
        // Given: a silent failure waits for its log lines
        driver.publish(PhoenixRulesets.published(T));
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T.plusSeconds(60)));
        // When: the fix is published before its grace ends
        Path fixed = PhoenixRulesets.copyWith(tmp, "102.fw", "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        driver.publish(PhoenixRulesets.published(fixed, T.plusSeconds(70)));
        driver.advanceWallClock(GRACE);
        // Then: the rules that made it fail decide it, not the fix ("not the firewall")
        Verdict failed = single(driver.verdicts());
        assertThat(failed.verdict()).isEqualTo(VerdictClass.BLOCKED_PREDICTED);
        assertThat(failed.rule().location()).isEqualTo("firewall/102.fw:policy_in");
        assertThat(failed.rulesetVersion()).isEqualTo(PhoenixRulesets.published(T).version());
        // and a failure after the fix is decided by the fix
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T.plusSeconds(120)));
        driver.advanceWallClock(GRACE);
        Verdict after = single(driver.verdicts());
        assertThat(after.verdict()).isEqualTo(VerdictClass.NOT_FIREWALL);
        assertThat(after.rule().location()).isEqualTo("firewall/102.fw:10");
    }

    @Test
    void history_is_decided_by_the_newest_of_the_configurations_published_since(@TempDir Path tmp) {
        // Given: an incident re-analysed days later, its configuration published, then corrected and published again
        Instant later = T.plus(Duration.ofDays(3));
        driver.publish(PhoenixRulesets.published(later));
        Path corrected = PhoenixRulesets.copyWith(tmp, "102.fw", "IN ACCEPT -source 10.0.0.153 -p tcp -dport 8443");
        driver.publish(PhoenixRulesets.published(corrected, later.plusSeconds(60)));
        // When
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        // Then: no version was published by the probe's time; the newest decides
        Verdict v = single(driver.verdicts());
        assertThat(v.verdict()).isEqualTo(VerdictClass.NOT_FIREWALL);
        assertThat(v.rule().location()).isEqualTo("firewall/102.fw:10");
    }

    @Test
    void without_a_ruleset_a_silent_failure_is_undetermined_and_a_logged_drop_still_proves_a_block() {
        // Given
        driver.pipe(drop(GW, MESH, 8443, T));
        // When
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.pipe(probe("gw-dns", GW, "10.0.0.13", 53, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        // Then
        List<Verdict> verdicts = driver.verdicts();
        assertThat(verdicts).extracting(Verdict::verdict)
                .containsExactly(VerdictClass.BLOCKED_LOGGED, VerdictClass.UNDETERMINED);
        assertThat(verdicts.get(0).confidence()).isEqualTo(Confidence.MEDIUM);
        assertThat(verdicts.get(0).rule()).isNull();
    }

    @Test
    void probe_errors_and_wrong_answers_are_decided_from_the_outcome() {
        // When
        driver.pipe(probe("broken", GW, MESH, 8443, ProbeOutcome.ERROR, T));
        driver.pipe(tlsProbe("health", GW, MESH, 8443, ProbeOutcome.HTTP_UNEXPECTED, T));
        // Then
        assertThat(driver.verdicts()).extracting(Verdict::verdict)
                .containsExactly(VerdictClass.PROBE_ERROR, VerdictClass.SERVICE_ERROR);
    }

    private static Verdict single(List<Verdict> verdicts) {
        assertThat(verdicts).hasSize(1);
        return verdicts.get(0);
    }
}
