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
 * data directory and the demo's working directory are removed, as at the end of a whole run.
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

            // Then no temporary file is left
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList())
                        .as("left in java.io.tmpdir (output: %s)", Files.readString(output)).isEmpty();
            }
        } finally {
            CliJvm.stop(timeout, true);
        }
    }
}
