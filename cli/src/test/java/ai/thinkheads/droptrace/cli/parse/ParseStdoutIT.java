package ai.thinkheads.droptrace.cli.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/droptrace parse} writing to a real stdout that goes away or fills up, as only a
 * process shows: {@code | head} ends it quietly with the code of SIGPIPE, a full disk is one line.
 */
class ParseStdoutIT {

    private static final Path LAUNCHER = Path.of("").toAbsolutePath().resolveSibling("bin").resolve("droptrace");
    private static final String DROP = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=47120 DPT=23 "
            + "SEQ=1 ACK=0 WINDOW=1024 SYN \n";

    @TempDir
    Path dir;

    @Test
    void a_reader_that_stops_early_ends_parse_quietly_and_a_full_disk_is_one_line() throws Exception {
        // Given 50,000 lines: ~40 MB of JSON, far more than a pipe and the output buffer hold
        Path log = dir.resolve("fw.log");
        Files.writeString(log, DROP.repeat(50_000));
        Path err = dir.resolve("err.txt");
        // When
        int head = bash("\"$0\" parse \"$1\" 2> \"$2\" | head -c 100 > /dev/null; exit \"${PIPESTATUS[0]}\"", log, err);
        String headErr = Files.readString(err);
        int full = bash("\"$0\" parse \"$1\" 2> \"$2\" > /dev/full", log, err);
        String fullErr = Files.readString(err);
        // Then
        assertThat(head).as(headErr).isEqualTo(ExitCodes.STDOUT_CLOSED);
        assertThat(headErr).isEmpty();
        assertThat(full).isEqualTo(ExitCodes.FAILURE);
        assertThat(fullErr.lines()).containsExactly("droptrace: cannot write to stdout: No space left on device");
    }

    private static int bash(String script, Path log, Path err) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script, LAUNCHER.toString(), log.toString(), err.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("bin/droptrace parse did not finish within 120 s");
        }
        return process.exitValue();
    }
}
