package ai.thinkheads.droptrace.probes.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.testing.Probing;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

    @Test
    void a_device_that_never_ends_is_read_only_so_far_and_judged_not_the_end_of_the_run() {
        // Given /dev/zero where a certificate belongs: reading it whole filled the heap, and no result ever came
        // When
        ProbeResult r = Probing.once("  - {id: f1, kind: file, file: {path: /dev/zero, certificate: true}}\n");

        // Then
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.FILE_INVALID);
        assertThat(r.explanation()).isEqualTo("/dev/zero holds no PEM certificate");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the bound, the read below never returns
    void a_read_that_hangs_is_file_missing_at_the_timeout_as_from_a_guest(@TempDir Path dir) throws Exception {
        // Given a FIFO nothing writes to: its open blocks, as a read on a hung NFS mount does
        Path fifo = dir.resolve("root_ca.crt");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        // When
        ProbeResult r = Probing.once("  - {id: f1, kind: file, timeout: 1s, file: {path: " + fifo + ", certificate: true}}\n");

        // Then
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.FILE_MISSING);
        assertThat(r.explanation()).isEqualTo(fifo + " cannot be read: reading it did not finish within 1 s (a hung network "
                + "mount?)");
    }

    @Test
    void a_der_certificate_is_not_a_pem_one_rather_than_a_file_that_cannot_be_read(@TempDir Path dir) throws Exception {
        // Given the root in DER, as 'openssl x509 -outform der' writes it
        Path der = Files.write(dir.resolve("root_ca.der"), new TestPki("Test Root").root.certificate().getEncoded());

        // When
        ProbeResult r = Probing.once("  - {id: f1, kind: file, file: {path: " + der + ", certificate: true}}\n");

        // Then it is what cat in a guest makes of it
        assertThat(r.outcome()).isEqualTo(ProbeOutcome.FILE_INVALID);
        assertThat(r.explanation()).isEqualTo(der + " holds no PEM certificate");
    }
}

