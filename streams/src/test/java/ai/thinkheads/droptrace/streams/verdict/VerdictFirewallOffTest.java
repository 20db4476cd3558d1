package ai.thinkheads.droptrace.streams.verdict;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.probe;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path on which no guest's firewall is on: the verdict says so, not a rule called "none". */
class VerdictFirewallOffTest extends PhoenixVerdictTest {

    @TempDir
    Path dir;

    @Test
    void a_silent_failure_between_two_guests_whose_firewalls_are_off_says_no_firewall_is_on_its_path() throws IOException {
        // Given: Nginx (101) and Traefik (102) with 'enable: 0'
        Path config = PhoenixRulesets.copyWith(dir, "102.fw", "");
        for (String guest : new String[] {"101.fw", "102.fw"}) {
            Path file = config.resolve("firewall").resolve(guest);
            Files.writeString(file, Files.readString(file).replace("enable: 1", "enable: 0"));
        }
        driver.publish(PhoenixRulesets.published(config, T));
        // When
        driver.pipe(probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T));
        driver.advanceWallClock(GRACE);
        // Then
        assertThat(driver.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.verdict()).isEqualTo(VerdictClass.NOT_FIREWALL);
            assertThat(v.rule().kind()).isEqualTo("none");
            assertThat(v.summary()).isEqualTo("gw-mesh: tcp 10.0.0.153 -> 10.0.0.12:8443 no answer, but the firewall "
                    + "accepts it (no firewall on its path): not the firewall");
            assertThat(v.reason()).startsWith("no pve-firewall chain is on the path (the firewall of guest 101 is off");
        });
    }
}
