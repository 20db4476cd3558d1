package ai.thinkheads.droptrace.probes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.probes.config.TrustConfig;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorsTest {

    @Test
    void a_root_exported_again_replaces_the_one_read_before(@TempDir Path dir) throws Exception {
        // Given the exported root of a CA, used once
        TestPki before = new TestPki("Step CA before");
        TestPki after = new TestPki("Step CA after");
        Path file = TestPki.write(dir.resolve("root.crt"), List.of(before.root.certificate()));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
        TrustAnchors anchors = new TrustAnchors(Map.of("ca-root", new TrustConfig(file.toString(), null)));
        assertThat(anchors.get("ca-root").certificates()).containsExactly(before.root.certificate());

        // When the CA is re-created and its root exported again over the file
        TestPki.write(file, List.of(after.root.certificate()));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-02T00:00:00Z")));

        // Then the next use verifies with the new root
        assertThat(anchors.get("ca-root").certificates()).containsExactly(after.root.certificate());
    }

    @Test
    void a_file_that_was_missing_at_the_first_use_is_read_once_it_is_there(@TempDir Path dir) {
        // Given an anchor on a share that is not mounted yet
        Path file = dir.resolve("root.crt");
        TrustAnchors anchors = new TrustAnchors(Map.of("ca-root", new TrustConfig(file.toString(), null)));
        assertThat(anchors.get("ca-root").usable()).isFalse();
        assertThat(anchors.get("ca-root").problem()).isEqualTo("trust anchor 'ca-root': " + file + " does not exist");

        // When the file appears
        TestPki pki = new TestPki("Step CA");
        pki.writeRoot(dir, "root.crt");

        // Then it is used
        assertThat(anchors.get("ca-root").usable()).isTrue();
        assertThat(anchors.get("ca-root").certificates()).containsExactly(pki.root.certificate());
    }

    @Test
    void an_anchor_whose_read_never_ends_is_a_problem_within_the_read_timeout_not_a_stuck_probe(@TempDir Path dir)
            throws Exception {
        // Given an anchor whose open never returns, as on a hung NFS mount: a FIFO without a writer
        Path fifo = dir.resolve("root.crt");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        TrustAnchors anchors = new TrustAnchors(Map.of("ca-root", new TrustConfig(fifo.toString(), null)));

        // When it is used
        TrustAnchors.Anchor anchor = anchors.get("ca-root");

        // Then the answer comes, saying why there is no anchor
        assertThat(anchor.usable()).isFalse();
        assertThat(anchor.problem()).isEqualTo("trust anchor 'ca-root': " + fifo + ": reading it did not finish within "
                + "5 s (a hung network mount?)");
    }

    @Test
    void an_anchor_that_is_a_device_without_end_is_refused_after_a_mebibyte_not_read_into_the_heap() {
        // Given an anchor pointed at /dev/zero by mistake
        Path zero = Path.of("/dev/zero");
        TrustAnchors anchors = new TrustAnchors(Map.of("ca-root", new TrustConfig(zero.toString(), null)));

        // When it is used, and when a file probe compares with it
        TrustAnchors.Anchor anchor = anchors.get("ca-root");
        TrustAnchors.Anchor compared = TrustAnchors.fromFile("/dev/zero", zero);

        // Then both say it is no PEM bundle
        assertThat(anchor.problem()).isEqualTo("trust anchor 'ca-root': /dev/zero is larger than 1 MiB, far more than a "
                + "PEM bundle of every public root: is it the right file?");
        assertThat(compared.usable()).isFalse();
        assertThat(compared.problem()).contains("larger than 1 MiB");
    }
}
