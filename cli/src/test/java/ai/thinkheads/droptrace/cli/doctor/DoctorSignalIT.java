package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace doctor} stopped with SIGTERM (as Ctrl-C or a service manager stops it) while a probe's
 * command runs: the command is ended, and the embedded broker's and the run's temporary files are removed.
 */
class DoctorSignalIT {

    /** One probe whose command runs far longer than the test waits for it. */
    private static final String SLOW_PROBE = """
            site:
              host: {name: phoenix, addresses: [127.0.0.1]}
            probes:
              - {id: slow, kind: exec, timeout: 2m, exec: {command: [sleep, "97"]}}
            """;

    @TempDir
    Path dir;

    @Test
    void sigterm_while_a_probe_runs_ends_its_command_and_leaves_no_temporary_files() throws Exception {
        // Given doctor in a JVM of its own, its temporary files in a directory of the test, a probe command running
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path config = Files.writeString(dir.resolve("probes.yaml"), SLOW_PROBE);
        Path output = dir.resolve("doctor.out");
        Process timeout = CliJvm.start(output, 240, List.of("-Djava.io.tmpdir=" + tmp), "doctor",
                "--config", config.toString(), "--config-dir", DoctorCommandTest.PHOENIX.toString());
        ProcessHandle jvm = CliJvm.jvm(timeout);
        ProcessHandle probe = awaitChild(jvm, timeout, output);

        try {
            // When the JVM alone gets SIGTERM
            jvm.destroy();
            jvm.onExit().orTimeout(90, TimeUnit.SECONDS).join();
            timeout.waitFor(30, TimeUnit.SECONDS);

            // Then the probe's command has ended and no temporary file is left
            assertThat(running(probe)).as("the probe command %s (output: %s)", probe.info().commandLine().orElse("?"),
                    Files.readString(output)).isFalse();
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("left in java.io.tmpdir").isEmpty();
            }
        } finally {
            probe.destroyForcibly();
            CliJvm.stop(timeout, true);
        }
    }

    @Test
    void sigterm_while_doctor_starts_stops_it_in_order_says_so_and_leaves_no_temporary_files() throws Exception {
        // Given doctor following a log, its temporary files in a directory of the test, its broker just started
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path config = Files.writeString(dir.resolve("probes.yaml"), SLOW_PROBE);
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "");
        Path output = dir.resolve("doctor.out");
        Process timeout = CliJvm.start(output, 240, List.of("-Djava.io.tmpdir=" + tmp), "doctor",
                "--config", config.toString(), "--config-dir", DoctorCommandTest.PHOENIX.toString(),
                "--log", log.toString());
        ProcessHandle jvm = CliJvm.jvm(timeout);

        try {
            CliJvm.awaitOutput(output, timeout, "Started an embedded Kafka broker");

            // When the JVM gets SIGTERM while the run sets up its topics, the correlator and the log follower
            jvm.destroy();
            jvm.onExit().orTimeout(90, TimeUnit.SECONDS).join();
            timeout.waitFor(30, TimeUnit.SECONDS);

            // Then it stopped in order (the broker and the directory were there until it had), with the status of
            // SIGTERM, and nothing is left in java.io.tmpdir
            assertThat(Files.readString(output)).contains("stopped before the diagnosis was complete; no report");
            assertThat(timeout.exitValue()).isEqualTo(143);
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("left in java.io.tmpdir").isEmpty();
            }
        } finally {
            CliJvm.stop(timeout, true);
        }
    }

    /** The probe's command, a child of the doctor JVM, once it runs (within 120 s). */
    private static ProcessHandle awaitChild(ProcessHandle jvm, Process timeout, Path output) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && timeout.isAlive()) {
            Optional<ProcessHandle> sleep = jvm.children()
                    .filter(c -> c.info().command().map(cmd -> cmd.endsWith("sleep")).orElse(false)).findFirst();
            if (sleep.isPresent()) {
                return sleep.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the probe command never started: " + Files.readString(output));
    }

    /** Alive and not a zombie waiting for a parent to reap it. */
    private static boolean running(ProcessHandle p) throws Exception {
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        if (!p.isAlive() || !Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        String state = text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
        return !state.equals("Z") && !state.equals("X");
    }
}
