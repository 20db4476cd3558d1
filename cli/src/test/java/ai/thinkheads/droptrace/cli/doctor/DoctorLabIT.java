package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.deploy.lab.CommandResult;
import ai.thinkheads.droptrace.deploy.lab.LabDescription;
import ai.thinkheads.droptrace.deploy.lab.LabDescription.PathSpec;
import ai.thinkheads.droptrace.deploy.lab.NamespaceLab;
import ai.thinkheads.droptrace.deploy.lab.TraceDecision;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proof on real packets: the Phoenix lab (deploy/lab) on its own prefix and /24, {@code droptrace
 * doctor} run against it in-process on the shared broker, every path of the lab's fault table
 * diagnosed as the table says (verdict, .fw file and line), and each named rule confirmed by the
 * kernel's own trace of the probe's packets. Then the long-lived path: {@code droptrace up} follows
 * the lab, one rule is flipped, and the verdict changes ({@link DoctorLabUpFlip}). Needs root and
 * the lab's tools (CI has both); skipped with the reason otherwise. The lab is torn down in any case.
 */
@ExtendWith(SharedKafkaBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoctorLabIT {

    private static final String PREFIX = "dtdr" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 4);
    private static final String SUBNET = "10.213." + ThreadLocalRandom.current().nextInt(1, 255) + ".0/24";
    private static Path dir;
    private static NamespaceLab lab;
    private static LabDescription desc;

    @BeforeAll
    static void bringTheLabUp() throws IOException {
        Optional<String> unavailable = NamespaceLab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "skipping the doctor end-to-end test: " + unavailable.orElse(""));
        CommandResult dig = NamespaceLab.run(Duration.ofSeconds(10), List.of("sh", "-c", "command -v dig"));
        assumeTrue(dig.succeeded(), "skipping the doctor end-to-end test: the DNS probe needs dig (Debian: dnsutils)");
        dir = Files.createDirectories(Path.of("target", "doctor-lab-it").toAbsolutePath()).resolve(PREFIX);
        lab = NamespaceLab.up(PREFIX, dir, SUBNET);
        desc = lab.description();
        log("lab " + PREFIX + " up on " + SUBNET + " in " + dir);
    }

    @AfterAll
    static void tearTheLabDown() {
        if (dir == null) {
            return;
        }
        CommandResult down = lab != null ? lab.down() : NamespaceLab.down(PREFIX, dir);
        assertThat(down.succeeded()).as(down.describe()).isTrue();
        CommandResult list = NamespaceLab.run(Duration.ofSeconds(10), List.of("ip", "netns", "list"));
        assertThat(list.stdout()).doesNotContain(PREFIX + "-");
    }

    @Test
    @Order(1)
    void doctor_gives_every_path_its_verdict_and_deciding_line_and_the_kernel_used_that_line() throws IOException {
        // Given the lab, every probe target checked to be inside it
        desc.paths().forEach(p -> lab.requireLabTarget(p.toAddress()));
        Path probes = desc.labDir().resolve("phoenix-lab.yaml");

        // When doctor runs with the kernel's trace on
        lab.startTrace();
        CliRun run;
        List<TraceDecision> kernel;
        try {
            run = CliRun.of("doctor", "--config", probes.toString(), "--config-dir", desc.configDir().toString(),
                    "--log", desc.firewallLog().toString(), "--output", "json",
                    "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", "doctor-e2e-" + PREFIX);
        } finally {
            kernel = lab.stopTrace();
        }

        // Then: exit 5 (faults found), and for every path the table's verdict, file and line
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        JsonNode report = Json.events().readTree(run.out());
        for (PathSpec path : desc.paths()) {
            JsonNode check = check(report, path.id());
            String rule = check.path("rule").path("location").asText("-");
            log(path.id() + " " + check.path("verdict").asText() + " " + rule + " (expected " + path.expectedVerdict()
                    + " " + path.decidedBy().file() + ":" + path.decidedBy().line() + "; outcome "
                    + check.path("outcome").asText() + ") " + check.path("evidence").asText());
            assertThat(check.path("verdict").asText()).as(path.id() + ": " + check).isEqualTo(path.expectedVerdict());
            assertThat(check.path("passed").asBoolean()).as(path.id()).isEqualTo(path.kind().equals("ok"));
            assertThat(desc.configDir().resolve(check.path("rule").path("file").asText()))
                    .as(path.id() + " file: " + check).isEqualTo(desc.labDir().resolve(path.decidedBy().file()));
            assertThat(check.path("rule").path("line").asInt()).as(path.id() + " line").isEqualTo(path.decidedBy().line());
        }
        // And the kernel decided each probe's packets with the line droptrace named
        for (PathSpec path : desc.paths()) {
            String named = "etc/pve/" + check(report, path.id()).path("rule").path("location").asText();
            List<TraceDecision> passes = kernel.stream()
                    .filter(d -> d.src().equals(path.fromAddress()) && d.dst().equals(path.toAddress())
                            && d.dport() == path.port() && path.kernelChain().equals(d.chain()))
                    .toList();
            assertThat(passes).as("kernel trace of %s: %s", path.id(), kernel).isNotEmpty();
            assertThat(passes).allSatisfy(d -> {
                assertThat(d.verdict()).as(path.id()).isEqualTo(path.kernelVerdict());
                assertThat(d.sourceLocation()).as(path.id()).isEqualTo(named);
            });
            log(path.id() + " kernel: " + passes.get(0).verdict() + " in " + passes.get(0).chain() + " by "
                    + passes.get(0).sourceLocation() + " (" + passes.size() + " traced passes) = droptrace's " + named);
        }
        // And the two hypotheses
        JsonNode summary = report.path("summary");
        assertThat(summary.path("trustBroken").asBoolean()).isTrue();
        assertThat(summary.path("firewallBlocking").asBoolean()).isTrue();
        assertThat(summary.path("trust").path("evidence").toString()).contains("F5 TLS_UNTRUSTED");
        assertThat(summary.path("firewall").path("evidence").toString())
                .contains("F1 BLOCKED_LOGGED firewall/102.fw:5", "F2 BLOCKED_PREDICTED firewall/103.fw:9",
                        "F3 REJECTED firewall/1001.fw:9");
        assertThat(report.path("logLines").asLong()).isPositive();
        log("summary: trust broken " + summary.path("trustBroken") + ", firewall blocking "
                + summary.path("firewallBlocking") + "; " + summary.path("passed") + " passed, "
                + summary.path("failed") + " failed");
    }

    @Test
    @Order(2)
    void up_on_the_lab_alerts_on_the_blocked_path_and_its_verdict_turns_ok_when_the_rule_is_flipped() throws Exception {
        new DoctorLabUpFlip(lab, desc, SharedKafkaBroker.bootstrapServers(), "doctor-e2e-up-" + PREFIX,
                dir.resolve("up"), DoctorLabIT::log).run();
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("doctor has no check " + id + ": " + report);
    }

    /** One line in the test output; .ci/run shows these lines in the CI log. */
    static void log(String line) {
        System.out.println("[doctor-e2e] " + line);
        System.out.flush();
    }
}
