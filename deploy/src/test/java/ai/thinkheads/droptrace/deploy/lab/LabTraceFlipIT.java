package ai.thinkheads.droptrace.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace capture that ended by itself (its time limit), then a flip, then {@code trace-capture stop}: the packets
 * traced before the flip are read with the rule map of their time, not the flip's renumbered one. Root only.
 */
class LabTraceFlipIT {

    private static final String PREFIX = "dttf" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);

    @TempDir
    Path tmp;

    @Test
    void a_flip_after_a_capture_ended_by_itself_does_not_change_the_captures_deciding_rules() throws Exception {
        Optional<String> unavailable = NamespaceLab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the namespace lab: " + unavailable.orElse(""));
        try (NamespaceLab lab = NamespaceLab.up(PREFIX, tmp.resolve(PREFIX), "10.219.0.0/24")) {
            // Given a capture of OK2 (Nginx to Step-CA's 9000, accepted by 103.fw:10), whose monitor then ended
            LabDescription.PathSpec ok2 = lab.description().path("OK2");
            lab.requireLabTarget(ok2.toAddress());
            lab.startTrace();
            CommandResult curl = lab.inGuest(ok2.from(), Duration.ofSeconds(10), "curl", "-sk", "-o", "/dev/null",
                    "https://" + ok2.toAddress() + ":" + ok2.port() + "/health");
            assertThat(curl.succeeded()).as(curl.describe()).isTrue();
            Path raw = lab.dir().resolve("nft-trace.txt");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.readString(raw).contains("dport " + ok2.port() + " ")) {
                assertThat(System.nanoTime()).as("the monitor traced OK2: %s", raw).isLessThan(deadline);
                Thread.sleep(50);
            }
            String monitor = Files.readString(lab.dir().resolve("pids/trace-monitor.pid")).split(" ")[0];
            CommandResult end = NamespaceLab.run(Duration.ofSeconds(10), List.of("kill", monitor));
            assertThat(end.succeeded()).as(end.describe()).isTrue();

            // When F1 is flipped on (a rule more in 102's chain) and the capture is stopped
            CommandResult flip = lab.flip("F1", true);
            assertThat(flip.succeeded()).as(flip.describe()).isTrue();
            List<TraceDecision> decisions = lab.stopTrace();

            // Then OK2's accept is still decided by 103.fw:10, as the kernel decided it then
            assertThat(decisions).filteredOn(d -> d.dport() == ok2.port() && "veth103i0-IN".equals(d.chain()))
                    .as(decisions.toString()).isNotEmpty()
                    .allSatisfy(d -> {
                        assertThat(d.verdict()).isEqualTo("accept");
                        assertThat(d.sourceFile()).endsWith(ok2.decidedBy().file());
                        assertThat(d.sourceLine()).isEqualTo(ok2.decidedBy().line());
                    });
        }
    }
}
