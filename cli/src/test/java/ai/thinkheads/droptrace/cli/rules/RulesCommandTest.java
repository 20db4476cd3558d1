package ai.thinkheads.droptrace.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {

    static final Path PHOENIX = Path.of("..", "deploy", "examples", "firewall", "phoenix");

    @Test
    void check_lists_findings_with_file_and_line_and_fails_on_errors() throws IOException {
        // When
        CliRun run = CliRun.of("rules", "check", "--config-dir", PHOENIX.toString());
        CliRun json = CliRun.of("rules", "check", "--config-dir", PHOENIX.toString(), "--output", "json",
                "--min-severity", "warning");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.out()).contains("ERROR     firewall/cluster.fw:29  parse", "firewall/1001.fw:9      shadowed",
                "1 error(s), 4 warning(s)");
        JsonNode report = Json.events().readTree(json.out());
        assertThat(report.get("errors").asInt()).isEqualTo(1);
        assertThat(report.get("findings")).allSatisfy(f -> assertThat(f.get("severity").asText()).isNotEqualTo("INFO"));
    }

    @Test
    void the_summary_says_how_many_findings_the_minimum_severity_left_out() {
        // When: the summary counted the 12 notes it did not show as if they were there
        CliRun warnings = CliRun.of("rules", "check", "--config-dir", PHOENIX.toString(), "--min-severity", "warning");
        CliRun all = CliRun.of("rules", "check", "--config-dir", PHOENIX.toString());
        CliRun phoenix = CliRun.of("rules", "check", "--phoenix-etc", Path.of("..", "deploy", "phoenix", "etc").toString(),
                "--min-severity", "error");

        // Then
        assertThat(warnings.out().lines()).last().asString()
                .isEqualTo("1 error(s), 4 warning(s), 12 note(s) in " + PHOENIX + "; 12 not shown (below --min-severity warning)");
        assertThat(warnings.out()).doesNotContain("INFO ");
        assertThat(all.out().lines()).last().asString().endsWith("12 note(s) in " + PHOENIX);
        assertThat(phoenix.out().lines()).last().asString().endsWith("; 27 not shown (below --min-severity error)");
    }

    @Test
    void the_minimum_severity_is_written_in_the_words_of_the_docs_in_its_help_and_when_refused() {
        // When
        CliRun help = CliRun.of("rules", "check", "--help");
        CliRun wrong = CliRun.of("rules", "check", "--config-dir", PHOENIX.toString(), "--min-severity", "warn");
        CliRun upper = CliRun.of("rules", "check", "--config-dir", PHOENIX.toString(), "--min-severity", "ERROR");

        // Then
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--min-severity=error|warning|info",
                "error, warning or info. Default: info.").doesNotContain("ERROR, WARNING, INFO");
        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("'warn' is not a severity: use error, warning or info")
                .doesNotContain("[ERROR, WARNING, INFO]");
        assertThat(upper.out()).contains("1 error(s)").doesNotContain("WARNING   ");
    }

    @Test
    void verify_of_a_probe_configuration_without_probes_is_one_line_not_a_check_that_passes(@TempDir Path dir)
            throws IOException {
        // Given a probes list left empty (or indented wrongly)
        Path probes = Files.writeString(dir.resolve("probes.yaml"),
                "site:\n  host: {name: phoenix, addresses: [10.0.0.13]}\nprobes: []\n");

        // When
        CliRun run = CliRun.of("rules", "verify", "--config", probes.toString(), "--config-dir", PHOENIX.toString());

        // Then: as probe run and doctor refuse it
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("droptrace: " + probes + ": no probes to trace; list them under 'probes:'"
                + System.lineSeparator());
    }

    @Test
    void check_passes_a_configuration_without_errors() {
        // When
        CliRun run = CliRun.of("rules", "check", "--config-dir", Path.of("..", "deploy", "examples", "firewall", "logs",
                "site-d").toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("0 error(s)");
    }

    @Test
    void enable_logging_prints_a_diff_and_writes_it_only_when_asked(@TempDir Path copy) throws IOException {
        // Given
        copyTree(PHOENIX, copy);

        // When
        CliRun dry = CliRun.of("rules", "enable-logging", "--config-dir", copy.toString(), "--guest", "102");
        String before = Files.readString(copy.resolve("firewall/102.fw"));
        CliRun write = CliRun.of("rules", "enable-logging", "--config-dir", copy.toString(), "--guest", "102", "--write");
        CliRun again = CliRun.of("rules", "enable-logging", "--config-dir", copy.toString(), "--guest", "102");
        CliRun writtenJson = CliRun.of("rules", "enable-logging", "--config-dir", copy.toString(), "--guest", "102",
                "--write", "--output", "json");
        CliRun trace = CliRun.of("trace", "--config-dir", copy.toString(), "--from", "ct101", "--to", "ct102",
                "--dport", "8443");

        // Then
        assertThat(dry.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(dry.out()).startsWith("--- a/firewall/102.fw\n+++ b/firewall/102.fw\n").contains("+log_level_in: info");
        assertThat(before).doesNotContain("log_level_in");
        assertThat(write.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(copy.resolve("firewall/102.fw"))).contains("enable: 1\nlog_level_in: info\n");
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).contains("0 file(s) to change: logging is already on everywhere in scope")
                .doesNotContain("compiles the change");
        assertThat(writtenJson.out()).as("nothing was left to write").contains("\"written\" : false");
        assertThat(trace.out()).contains("logged   yes: 102 6 veth102i0-IN <time> policy DROP: ");
    }

    @Test
    void enable_logging_refuses_a_guest_the_configuration_does_not_have_instead_of_changing_nothing() {
        // When: 1020 for 102, a slip that would otherwise end in '0 file(s) to change' and exit 0
        CliRun run = CliRun.of("rules", "enable-logging", "--config-dir", PHOENIX.toString(), "--guest", "1020");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--guest 1020: no such guest in " + PHOENIX)
                .doesNotContain("file(s) to change");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void enable_logging_on_a_file_that_is_not_utf8_says_so_and_leaves_it_alone(@TempDir Path dir) throws IOException {
        // Given: a guest file whose comment was saved in Latin-1 (caf\u00e9 as the single byte 0xE9)
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        byte[] latin1 = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN DROP -p tcp -dport 22 # caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Path guest = Files.write(dir.resolve("160.fw"), latin1);

        // When
        CliRun run = CliRun.of("rules", "enable-logging", "--config-dir", dir.toString(), "--guest", "160", "--write");

        // Then: one line naming the file and what is wrong with it, not Java's 'Input length = 1'
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("cannot read " + guest + ": it is not UTF-8 text")
                .doesNotContain("Input length");
        assertThat(Files.readAllBytes(guest)).isEqualTo(latin1);
    }

    @Test
    void enable_logging_on_a_file_with_crlf_line_endings_says_so_and_leaves_it_alone(@TempDir Path dir)
            throws IOException {
        // Given: a host.fw saved with CRLF line endings, whose [OPTIONS] and [RULES] pve-firewall does not read
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        String crlf = "[OPTIONS]\r\nenable: 1\r\n\r\n[RULES]\r\nIN DROP -p tcp -dport 23\r\n";
        Path host = Files.writeString(dir.resolve("host.fw"), crlf);

        // When
        CliRun run = CliRun.of("rules", "enable-logging", "--config-dir", dir.toString(), "--write");

        // Then: no second '[OPTIONS]\r' (as unreadable as the first) above the first, and no diff that cannot apply
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err()).contains("cannot change " + host + ": it has CRLF line endings",
                "convert it to LF line endings (sed -i 's/\\r$//' " + host + ")");
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(host)).isEqualTo(crlf);
    }

    @Test
    void enable_logging_says_when_lines_are_skipped_rather_than_that_logging_is_on_everywhere(@TempDir Path dir)
            throws IOException {
        // Given: a guest file saved with a byte order mark: pve-firewall reads no [OPTIONS] header, so no enable: 1
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        String bom = "\uFEFF[OPTIONS]\nenable: 1\n\n[RULES]\nIN DROP -p tcp -dport 22\n";
        Path guest = Files.writeString(dir.resolve("160.fw"), bom);

        // When
        CliRun run = CliRun.of("rules", "enable-logging", "--config-dir", dir.toString(), "--guest", "160");
        CliRun json = CliRun.of("rules", "enable-logging", "--config-dir", dir.toString(), "--guest", "160",
                "--output", "json");

        // Then: nothing to change in what pve-firewall reads, and said that it does not read all of it
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("droptrace: 2 line(s) of the configuration are skipped or left out, as pve-firewall "
                + "does, and 1 warning on the directory (guest configurations missing, files not read); 'droptrace rules "
                + "check' lists them");
        JsonNode notes = Json.events().readTree(json.out()).get("notes");
        assertThat(notes.toString()).contains("2 line(s) of the configuration are skipped");
        assertThat(Files.readString(guest)).isEqualTo(bom);
    }

    @Test
    void enable_logging_with_host_alone_changes_the_hosts_files_alone(@TempDir Path copy) throws IOException {
        // Given
        copyTree(PHOENIX, copy);
        String guest = Files.readString(copy.resolve("firewall/102.fw"));

        // When
        CliRun run = CliRun.of("rules", "enable-logging", "--config-dir", copy.toString(), "--host", "--write");

        // Then: host.fw's policy (cluster.fw's one DROP rule is of a security group only guest 101 uses); --host
        // alone wrote every guest's file too
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("+++ b/nodes/phoenix/host.fw").doesNotContain("+++ b/firewall/");
        assertThat(Files.readString(copy.resolve("nodes/phoenix/host.fw"))).contains("log_level_in: info");
        assertThat(Files.readString(copy.resolve("firewall/102.fw"))).isEqualTo(guest);
    }

    @Test
    void enable_logging_refuses_nolog_as_a_level() {
        // When
        CliRun run = CliRun.of("rules", "enable-logging", "--config-dir", PHOENIX.toString(), "--level", "nolog");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'nolog' is not a log level: use one of emerg");
    }

    @Test
    void both_commands_work_on_the_example_files_of_pve_firewall() {
        // Given
        String shared = System.getProperty("droptrace.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "data", "peer", "pve-firewall", "debian", "example");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "pve-firewall example files not found under droptrace.shared.dir; skipped");

        // When
        CliRun check = CliRun.of("rules", "check", "--config-dir", dir.toString());
        CliRun logging = CliRun.of("rules", "enable-logging", "--config-dir", dir.toString(), "--output", "json");

        // Then: the examples use an ipset they never define, an error
        assertThat(check.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(check.out()).contains("100.fw:53", "no such ipset 'mynetgroup'");
        assertThat(logging.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(logging.out()).contains("\"written\" : false", "-log_level_out: nolog", "+log_level_out: info",
                "host.fw: the host firewall is off");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
