package ai.thinkheads.droptrace.cli.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void the_lines_read_before_a_gzip_file_breaks_reach_a_real_stdout() throws Exception {
        // Given: a rotated file of 3,000 lines (read first) and a live file whose gzip data is cut in its middle;
        // together far less JSON than the 1 MiB that parse buffers before writing to file descriptor 1
        Path rotated = dir.resolve("fw.log.1");
        Files.writeString(rotated, DROP.repeat(3_000));
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(whole)) {
            for (int k = 0; k < 20_000; k++) {
                out.write(DROP.replace("ID=54321", "ID=" + k).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Path live = dir.resolve("fw.log");
        Files.write(live, java.util.Arrays.copyOf(whole.toByteArray(), whole.size() / 2));
        Path out = dir.resolve("out.json");
        Path err = dir.resolve("err.txt");
        // When
        int code = bash("\"$0\" parse \"$1\" \"$3\" 2> \"$2\" > \"$4\"", rotated, err, live.toString(), out.toString());
        // Then: every line before the break is on stdout, as many as the error line says
        String said = Files.readString(err).strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("after line (\\d+);").matcher(said);
        assertThat(code).as(said).isEqualTo(ExitCodes.FAILURE);
        assertThat(m.find()).as(said).isTrue();
        long before = Long.parseLong(m.group(1));
        assertThat(before).isGreaterThan(5_000);
        try (java.util.stream.Stream<String> lines = Files.lines(out)) {
            assertThat(lines.count()).isEqualTo(3_000 + before);
        }
    }

    private static int bash(String script, Path log, Path err, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, LAUNCHER.toString(), log.toString(),
                err.toString()));
        command.addAll(List.of(more));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // the launcher's JVM, then bash
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("bin/droptrace parse did not finish within 120 s");
        }
        return process.exitValue();
    }
}
