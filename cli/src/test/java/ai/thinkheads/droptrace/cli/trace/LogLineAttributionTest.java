package ai.thinkheads.droptrace.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real pve-firewall log lines (section 6 of the shared reference) are attributed to a rule or policy
 * of the configurations written for them in {@code deploy/examples/firewall/logs}.
 */
class LogLineAttributionTest {

    static final Path LOGS = Path.of("..", "deploy", "examples", "firewall", "logs");

    @TestFactory
    Stream<DynamicTest> every_real_packet_line_of_the_reference_is_attributed_to_its_rule_or_policy() throws IOException {
        // Given
        String shared = System.getProperty("droptrace.shared.dir");
        Path reference = shared == null ? null : Path.of(shared, "reference", "pve-firewall.md");
        Assumptions.assumeTrue(reference != null && Files.isRegularFile(reference),
                "shared reference pve-firewall.md not found under droptrace.shared.dir; real log lines not checked");
        Map<String, List<String>> bySite = realLines(Files.readAllLines(reference));
        assertThat(bySite.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(20);

        // When / Then
        List<DynamicTest> tests = new ArrayList<>();
        bySite.forEach((site, lines) -> {
            for (String line : lines) {
                if (!line.contains(" SRC=")) {
                    continue; // logger status lines carry no packet
                }
                tests.add(DynamicTest.dynamicTest(site + ": " + line.substring(0, Math.min(60, line.length())), () -> {
                    CliRun run = CliRun.of("trace", "--config-dir", LOGS.resolve(site).toString(), "--log-line", line);
                    assertThat(run.out()).as(line).matches("(?s)line 1: (RULE|POLICY|BUILTIN): written by .*");
                    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
                }));
            }
        });
        return tests.stream();
    }

    /** The code blocks of section 6, by the letter of their heading (A to D) mapped to a site folder. */
    static Map<String, List<String>> realLines(List<String> reference) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean inSection = false;
        boolean inBlock = false;
        String site = null;
        for (String line : reference) {
            if (line.startsWith("## 6.")) {
                inSection = true;
            } else if (line.startsWith("## 7.")) {
                break;
            }
            if (!inSection) {
                continue;
            }
            if (line.startsWith("**") && line.length() > 3 && line.charAt(3) == '.') {
                site = "site-" + Character.toLowerCase(line.charAt(2));
            }
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (inBlock && site != null && !line.isBlank()) {
                out.computeIfAbsent(site, k -> new ArrayList<>()).add(line);
            }
        }
        return out;
    }

    @Test
    void lines_of_the_phoenix_site_are_attributed_and_a_line_no_rule_wrote_is_reported() {
        // Given: lines in pvefw-logger's format, written for the example Phoenix configuration
        String stepCaDns = "103 6 veth103i0-OUT 04/Nov/2025:10:17:00 +0100 policy DROP: IN=fwbr103i0 OUT=fwbr103i0 "
                + "PHYSIN=veth103i0 PHYSOUT=fwln103i0 MAC=52:54:00:00:00:13:52:54:00:67:89:c3:08:00 SRC=10.0.0.10 "
                + "DST=10.0.0.13 LEN=62 TOS=0x00 PREC=0x00 TTL=64 ID=4242 DF PROTO=UDP SPT=40000 DPT=53 LEN=42";
        String traefik = "102 6 veth102i0-IN 04/Nov/2025:10:18:00 +0100 policy DROP: IN=fwbr102i0 OUT=fwbr102i0 "
                + "PHYSIN=fwln102i0 PHYSOUT=veth102i0 MAC=52:54:00:67:89:c2:52:54:00:67:89:b3:08:00 SRC=10.0.0.153 "
                + "DST=10.0.0.12 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=51514 DPT=8443 SEQ=1 ACK=0 "
                + "WINDOW=64240 SYN ";

        // When
        CliRun ok = CliRun.of("trace", "--config-dir", TraceCommandTest.PHOENIX, "--log-line", stepCaDns,
                "--log-line", "0 5 - 04/Nov/2025:10:00:00 +0100 starting pvefw logger");
        CliRun bad = CliRun.of("trace", "--config-dir", TraceCommandTest.PHOENIX, "--log-line", traefik,
                "--output", "json");

        // Then
        assertThat(ok.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("line 1: POLICY: written by policy DROP of veth103i0-OUT (policy_out at "
                + "firewall/103.fw:4)", "line 2: skipped, not a packet line");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(bad.out()).contains("\"status\":\"NO_WRITER\"", "which does not log");
    }
}
