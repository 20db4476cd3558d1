package ai.thinkheads.droptrace.probes.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.Probing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileProbeTest {

    @Test
    void a_missing_local_file_is_explained_in_plain_words_not_by_the_exception_class(@TempDir Path dir) {
        // Given
        Path missing = dir.resolve("root_ca.crt");

        // When
        ProbeResult r = Probing.once("  - {id: f1, kind: file, file: {path: " + missing + "}}\n");

        // Then
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.FILE_MISSING);
        assertThat(r.explanation()).isEqualTo(missing + " cannot be read: no such file or directory");
    }
}
