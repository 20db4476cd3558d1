package ai.thinkheads.droptrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace demo} stopped with SIGTERM (as Ctrl-C stops it) once its embedded broker runs: the broker's
 * data directory and the demo's working directory are removed, as at the end of a whole run, and one line says so.
 */
class DemoSignalIT {

    @TempDir
    Path dir;

    @Test
    void sigterm_during_the_demo_leaves_no_temporary_files() throws Exception {
        // Given the demo in a JVM of its own, its temporary files in a directory of the test, its broker started
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path output = dir.resolve("demo.out");
        Process timeout = CliJvm.start(output, 240, List.of("-Djava.io.tmpdir=" + tmp), "demo");
        ProcessHandle jvm = CliJvm.jvm(timeout);
        try {
            CliJvm.awaitOutput(output, timeout, "Started an embedded Kafka broker");

            // When the JVM alone gets SIGTERM
            jvm.destroy();
            jvm.onExit().orTimeout(90, TimeUnit.SECONDS).join();
            timeout.waitFor(30, TimeUnit.SECONDS);

            // Then no temporary file is left, and the demo said why it ended without its report (it said nothing)
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList())
                        .as("left in java.io.tmpdir (output: %s)", Files.readString(output)).isEmpty();
            }
            assertThat(Files.readString(output)).contains("droptrace demo: stopped before the end, no report; its "
                    + "embedded broker and temporary files are deleted");
        } finally {
            CliJvm.stop(timeout, true);
        }
    }

    @Test
    void sigterm_while_kafka_streams_runs_stops_it_before_its_state_is_deleted_and_says_one_line() throws Exception {
        // Given the demo in a JVM of its own, its temporary files in a directory of the test
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path output = dir.resolve("demo-streams.out");
        Process timeout = CliJvm.start(output, 240, List.of("-Djava.io.tmpdir=" + tmp), "demo");
        ProcessHandle jvm = CliJvm.jvm(timeout);
        try {
            // When the JVM alone gets SIGTERM once Kafka Streams has its state directory in the demo's
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!streamsStarted(tmp) && timeout.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(streamsStarted(tmp)).as(Files.readString(output)).isTrue();
            jvm.destroy();
            jvm.onExit().orTimeout(90, TimeUnit.SECONDS).join();
            timeout.waitFor(30, TimeUnit.SECONDS);

            // Then Kafka Streams was closed before its state went (eight ERROR lines of it before), nothing is
            // left, and one line says the demo stopped
            String said = Files.readString(output);
            assertThat(jvm.isAlive()).isFalse();
            assertThat(said).contains("droptrace demo: stopped before the end, no report").doesNotContain(" ERROR ")
                    .doesNotContain("Verdicts (");
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("left in java.io.tmpdir (output: %s)",
                        said).isEmpty();
            }
        } finally {
            CliJvm.stop(timeout, true);
        }
    }

    /** Whether the demo's working directory in {@code tmp} holds Kafka Streams' state directory. */
    private static boolean streamsStarted(Path tmp) throws java.io.IOException {
        try (Stream<Path> work = Files.list(tmp)) {
            return work.anyMatch(d -> d.getFileName().toString().startsWith("droptrace-demo-")
                    && Files.isDirectory(d.resolve("streams")));
        }
    }
}
