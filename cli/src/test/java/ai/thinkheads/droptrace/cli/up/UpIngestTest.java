package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpIngestTest {

    @Test
    void a_tail_that_fails_stops_up_with_one_line_naming_the_file_and_why_and_the_stop_is_not_clean(@TempDir Path dir)
            throws Exception {
        // Given a followed file whose position file is not one droptrace wrote (nothing is sent: no broker is needed)
        Files.writeString(dir.resolve("fw.log"), "x\n");
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nstatsEvery: 0s\ntail: {files: [fw.log], poll: 10ms}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir, new KafkaOptions());
        StringWriter err = new StringWriter();
        ShutdownSignal signal = ShutdownSignal.manual();
        RunningParts parts = new RunningParts(new PrintWriter(err));
        try (parts) {
            UpIngest ingest = new UpIngest(settings, "127.0.0.1:9", parts, signal);
            Files.writeString(ingest.stateFile(dir.resolve("fw.log")), "[1, 2");
            // When
            ingest.start();
            // Then up is asked to stop, and says why
            assertThat(signal.await(Duration.ofSeconds(10))).as(err.toString()).isTrue();
            assertThat(ingest.failure()).startsWith("stopped following " + dir.resolve("fw.log") + ": ")
                    .contains("is not a tail position droptrace wrote (").doesNotContain("\n");
        }
        assertThat(parts.clean()).isFalse();
        assertThat(err.toString()).contains("droptrace up: tail " + dir.resolve("fw.log") + ": stopped following ");
    }
}
