package ai.thinkheads.droptrace.probes.publish;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @TempDir
    Path dir;

    private static ProbeResult result(String id) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, id, ProbeKind.TCP, Instant.parse("2026-11-28T03:00:00Z"), "local",
                null, "127.0.0.1", "127.0.0.1", "127.0.0.1", "tcp", 8443, ProbeOutcome.OPEN, true, 1L, 2,
                "port 8443 accepted the connection", Map.of());
    }

    @Test
    void each_result_is_in_the_file_whole_as_soon_as_it_is_taken() throws Exception {
        // Given the results file of a run on its schedule, which ends only when it is stopped (or killed)
        Path file = dir.resolve("results.jsonl");
        try (ResultsFile results = new ResultsFile(file)) {
            // When two results are taken
            results.accept(result("web-open"));
            results.accept(result("ca-health"));

            // Then a reader meanwhile (tail -f, probe replay, the file of a run killed now) finds them, whole
            assertThat(ResultsFile.read(file)).extracting(ProbeResult::probeId).containsExactly("web-open", "ca-health");
        }
    }
}
