package ai.thinkheads.droptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units shipped in {@code deploy/systemd}, as an operator installs them: each one's command
 * is one droptrace accepts, and systemd itself ({@code systemd-analyze verify}) reads each without a
 * warning — an unquoted {@code Environment=} value with a space, for one, is cut at the space and
 * the rest dropped with only a line in the journal.
 */
class DeploySystemdUnitsTest {

    private static final Path UNITS = Path.of("..", "deploy", "systemd");
    private static final String INSTALLED = "/opt/droptrace/bin/droptrace";

    @TempDir
    Path dir;

    @Test
    void every_units_command_is_one_droptrace_accepts() throws IOException {
        List<Path> units = units();
        assertThat(units).isNotEmpty();
        for (Path unit : units) {
            List<String> command = execStart(Files.readString(unit));
            assertThat(command.get(0)).as(unit.toString()).isEqualTo(INSTALLED);
            String[] args = command.subList(1, command.size()).toArray(String[]::new);
            assertThatCode(() -> DroptraceCommand.commandLine(args).parseArgs(args)).as(unit + ": " + command)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void every_unit_stopped_by_sigterm_counts_the_jvms_exit_status_143_as_success() throws IOException {
        // Given: every shipped command runs until SIGTERM, after which the JVM exits 143 once its hooks ran;
        // without SuccessExitStatus=143 systemd would mark each clean stop as a failure
        for (Path unit : units()) {
            String text = Files.readString(unit);
            // Then
            assertThat(text).as(unit.toString()).contains("KillSignal=SIGTERM").contains("\nSuccessExitStatus=143\n");
        }
    }

    @Test
    void the_unit_that_runs_probes_signals_droptrace_alone_so_guest_commands_in_flight_finish() throws IOException {
        // Given: systemd's default KillMode=control-group sends SIGTERM to every process of the unit at once, so
        // the 'pct exec' / 'qm guest exec' commands of the probes in flight would die with droptrace
        String text = Files.readString(units().stream().filter(u -> u.endsWith("droptrace-up.service")).findFirst()
                .orElseThrow());
        // Then: mixed sends SIGTERM to droptrace only; whatever is left after it exits gets SIGKILL
        assertThat(text).contains("\nKillMode=mixed\n");
    }

    @Test
    void a_unit_does_not_start_again_for_good_after_a_usage_or_configuration_error() throws IOException {
        // Given: Restart=on-failure starts a unit again after every exit but its successes; a usage error or a
        // configuration droptrace refuses ends each start the same way, and RestartSec (5-10 s) is too slow for
        // systemd's start limit (5 starts in 10 s) to ever stop it
        for (Path unit : units()) {
            String text = Files.readString(unit);
            if (!"on-failure".equals(directive(text, "Restart"))) {
                continue;
            }
            // Then those two exit codes end the unit, and those a restart may mend (Kafka, a failure) do not
            String prevent = directive(text, "RestartPreventExitStatus");
            assertThat(prevent).as(unit + ": RestartPreventExitStatus=").isNotNull();
            assertThat(List.of(prevent.split("\\s+"))).as(unit.toString())
                    .containsExactlyInAnyOrder(String.valueOf(ExitCodes.USAGE), String.valueOf(ExitCodes.CONFIG_INVALID));
        }
    }

    @Test
    void a_unit_that_runs_as_a_user_of_its_own_reads_its_tls_key_through_a_group_its_install_steps_give_the_key()
            throws IOException {
        // Given: a unit with DynamicUser=yes runs as a user systemd makes at each start, which no file can be owned by;
        // a TLS key readable by root only (as keys are kept) was refused, exit 3, and the unit restarted every 5 s
        for (Path unit : units()) {
            String text = Files.readString(unit);
            List<String> command = execStart(text);
            int key = command.indexOf("--tls-key");
            if (!text.contains("\nDynamicUser=yes\n") || key < 0) {
                continue;
            }
            String keyFile = command.get(key + 1);
            // Then the unit names a group that its user has, and its install steps give the key to that group alone
            String group = directive(text, "SupplementaryGroups");
            assertThat(group).as(unit + ": SupplementaryGroups=").isNotNull().doesNotContain(" ");
            assertThat(text).as(unit.toString()).contains("#   groupadd --system " + group + "\n")
                    .containsPattern("#   chgrp " + group + " [^\\n]*" + Pattern.quote(keyFile) + "[^\\n]*&& chmod 0640 "
                            + Pattern.quote(keyFile) + "\n");
        }
    }

    @Test
    void systemd_reads_every_unit_without_a_warning() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "skipped: systemd-analyze is not installed (Debian package systemd; "
                + "CI installs it through .ci/run)");
        Path launcher = Path.of("..", "bin", "droptrace").toAbsolutePath().normalize();
        for (Path unit : units()) {
            // the launcher where the unit expects the installed one, so that systemd finds an executable
            Path copy = dir.resolve(unit.getFileName().toString());
            Files.writeString(copy, Files.readString(unit).replace(INSTALLED, launcher.toString()));
            Path output = dir.resolve("verify.out");
            Process p = new ProcessBuilder("timeout", "30", analyze.toString(), "verify", copy.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
            String said = Files.readString(output, StandardCharsets.UTF_8).strip();
            assertThat(said).as(unit + " (exit code " + p.exitValue() + ")").isEmpty();
            assertThat(p.exitValue()).as(unit.toString()).isZero();
        }
    }

    private static List<Path> units() throws IOException {
        try (Stream<Path> files = Files.list(UNITS)) {
            return files.filter(f -> f.toString().endsWith(".service")).sorted().toList();
        }
    }

    /** The value of the unit's directive {@code name=}, or null when it has none. */
    private static String directive(String unit, String name) {
        for (String line : unit.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    /** The words of {@code ExecStart=}, its continuation lines joined (the shipped units quote nothing). */
    private static List<String> execStart(String unit) {
        String joined = unit.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            if (line.startsWith("ExecStart=")) {
                return new ArrayList<>(Arrays.asList(line.substring("ExecStart=".length()).strip().split("\\s+")));
            }
        }
        throw new AssertionError("no ExecStart= in the unit");
    }
}
