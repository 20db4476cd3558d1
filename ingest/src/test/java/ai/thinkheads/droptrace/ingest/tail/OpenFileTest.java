package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFileTest {

    @TempDir
    Path dir;

    @Test
    void a_named_pipe_or_a_directory_at_the_path_is_refused_not_opened() throws Exception {
        // Given a named pipe nothing writes into where the log was (ingest tail refuses one at its start; this one
        // appears later), and a directory
        Path fifo = dir.resolve("fw.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is needed");
        Path directory = Files.createDirectory(dir.resolve("fw.log.d"));
        // When
        CompletableFuture<Object> opened = CompletableFuture.supplyAsync(() -> {
            try {
                return OpenFile.openIfPresent(fifo);
            } catch (IOException e) {
                return e;
            }
        });
        Object pipe;
        try {
            pipe = opened.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            try (FileOutputStream writer = new FileOutputStream(fifo.toFile())) {
                pipe = "blocked until something wrote into the pipe"; // let the opener go
            }
        }
        // Then: one reason each, as the tail says it when it stops
        assertThat(pipe).isInstanceOf(FileSystemException.class);
        assertThat(((FileSystemException) pipe).getReason()).startsWith("it is not a regular file (a pipe or a device)");
        assertThatThrownBy(() -> OpenFile.openIfPresent(directory)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("it is a directory, not a log file");
    }

    @Test
    void a_line_longer_than_the_limit_is_handed_out_cut_and_its_rest_skipped_as_it_is_written() throws Exception {
        // Given a line, then 1 MiB without a line end (still being written)
        Path file = dir.resolve("fw.log");
        int garbage = 1 << 20;
        Files.writeString(file, "first\n" + "x".repeat(garbage));
        try (OpenFile open = OpenFile.open(file)) {
            // When
            List<OpenFile.Line> before = open.readLines(100);
            // Then: the first line, and the long one's start as soon as it is over the limit
            assertThat(before).extracting(OpenFile.Line::offset).containsExactly(0L, 6L);
            assertThat(before.get(0).text()).isEqualTo("first");
            assertThat(before.get(1).text()).hasSize(LineBlockReader.MAX_LINE_BYTES).matches("x+");
            assertThat(open.offset()).isEqualTo(6L + garbage);

            // When the long line ends and more lines follow
            Files.writeString(file, "yyy\r\nsecond\r\n" + "z".repeat(LineBlockReader.MAX_LINE_BYTES + 5) + "\nthird\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            List<OpenFile.Line> after = open.readLines(100);
            // Then: its rest is not a line; a complete long line is cut too; offsets are where lines start
            long second = 6L + garbage + 5;
            long longOne = second + 8;
            long third = longOne + LineBlockReader.MAX_LINE_BYTES + 6;
            assertThat(after).extracting(OpenFile.Line::offset).containsExactly(second, longOne, third);
            assertThat(after.get(0).text()).isEqualTo("second");
            assertThat(after.get(1).text()).hasSize(LineBlockReader.MAX_LINE_BYTES);
            assertThat(after.get(2).text()).isEqualTo("third");
            assertThat(open.offset()).isEqualTo(Files.size(file));
            assertThat(open.readLines(100)).isEmpty();
        }
    }

    @Test
    void a_file_of_long_lines_is_handed_out_in_batches_of_a_bounded_size_not_by_their_count_alone() throws Exception {
        // Given 60 lines of 200 KiB each that are not UTF-8 (a binary file given by mistake): 12 MiB in all
        Path file = dir.resolve("fw.log");
        int length = 200 * 1024;
        byte[] line = new byte[length + 1];
        Arrays.fill(line, (byte) 0xff);
        line[length] = '\n';
        try (var out = Files.newOutputStream(file)) {
            for (int k = 0; k < 60; k++) {
                out.write(line);
            }
        }
        try (OpenFile open = OpenFile.open(file)) {
            // When a batch of up to 5,000 lines is asked for
            List<OpenFile.Line> first = open.readLines(5_000);
            // Then it ends with the line that reaches the bound on its bytes
            long kept = first.stream().mapToLong(l -> l.bytes().length).sum();
            assertThat(kept).isBetween((long) OpenFile.BATCH_BYTES, (long) OpenFile.BATCH_BYTES + length);
            assertThat(first).hasSizeLessThan(60);
            // and the next batches go on from there: every line once, at its offset
            List<OpenFile.Line> all = new java.util.ArrayList<>(first);
            for (List<OpenFile.Line> next = open.readLines(5_000); !next.isEmpty(); next = open.readLines(5_000)) {
                all.addAll(next);
            }
            assertThat(all).hasSize(60);
            assertThat(all.get(59).offset()).isEqualTo(59L * (length + 1));
            assertThat(open.offset()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void a_file_truncated_and_written_again_past_the_offset_is_told_by_the_bytes_before_it() throws Exception {
        // Given two lines read
        Path file = dir.resolve("fw.log");
        Files.writeString(file, "100 one\n100 two\n");
        try (OpenFile open = OpenFile.open(file)) {
            assertThat(open.readLines(100)).hasSize(2);
            assertThat(open.change()).isEqualTo(OpenFile.Change.NONE);
            // When more is appended: still the same file
            Files.writeString(file, "100 three\n", StandardOpenOption.APPEND);
            assertThat(open.change()).isEqualTo(OpenFile.Change.NONE);
            assertThat(open.readLines(100)).extracting(OpenFile.Line::text).containsExactly("100 three");

            // When copytruncate empties it: shorter than the offset
            Files.write(file, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            assertThat(open.change()).isEqualTo(OpenFile.Change.SHRUNK);

            // When it is written again past the offset before anyone looks: the size alone does not tell
            Files.writeString(file, "200 new first line, longer than what was there\n", StandardOpenOption.APPEND);
            assertThat(Files.size(file)).isGreaterThan(open.offset());
            assertThat(open.change()).isEqualTo(OpenFile.Change.REWRITTEN);
            open.seek(0);
            assertThat(open.change()).isEqualTo(OpenFile.Change.NONE);
            assertThat(open.readLines(100)).extracting(OpenFile.Line::text)
                    .containsExactly("200 new first line, longer than what was there");
        }
    }

    @Test
    void a_file_truncated_under_a_writer_that_does_not_append_reads_as_zeros_before_the_offset_and_goes_on() throws Exception {
        // Given a line read, by a writer that writes at its own position (no O_APPEND)
        Path file = dir.resolve("fw.log");
        try (java.io.RandomAccessFile writer = new java.io.RandomAccessFile(file.toFile(), "rw");
                OpenFile open = OpenFile.open(file)) {
            writer.write("100 one\n".getBytes(StandardCharsets.UTF_8));
            assertThat(open.readLines(100)).hasSize(1);
            // When the file is truncated under it and it writes its next line where it was
            try (var truncate = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                truncate.truncate(0);
            }
            writer.write("100 two\n".getBytes(StandardCharsets.UTF_8));
            // Then: a hole of zero bytes before the offset, and the next line right after it
            assertThat(open.change()).isEqualTo(OpenFile.Change.ZEROED);
            open.skipZerosFrom(open.offset());
            assertThat(open.change()).isEqualTo(OpenFile.Change.NONE);
            assertThat(open.readLines(100)).extracting(OpenFile.Line::text).containsExactly("100 two");
            // And when the reader was behind the writer at the truncation, the zeros up to the writer are skipped
            writer.write("100 three\n".getBytes(StandardCharsets.UTF_8));
            long behind = open.offset();
            try (var truncate = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                truncate.truncate(0);
            }
            writer.write("100 four\n".getBytes(StandardCharsets.UTF_8));
            assertThat(open.change()).isEqualTo(OpenFile.Change.ZEROED);
            open.skipZerosFrom(behind);
            List<OpenFile.Line> after = open.readLines(100);
            assertThat(after).extracting(OpenFile.Line::text).containsExactly("100 four");
            assertThat(after.get(0).offset()).isEqualTo(behind + "100 three\n".length());
        }
    }

    @Test
    void a_stored_position_is_checked_against_the_bytes_stored_with_it() throws Exception {
        Path file = dir.resolve("fw.log");
        Files.writeString(file, "100 one\n100 two\n");
        byte[] stored;
        long offset;
        try (OpenFile open = OpenFile.open(file)) {
            open.readLines(1);
            stored = open.before();
            offset = open.offset();
        }
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("100 one\n");
        try (OpenFile same = OpenFile.open(file)) {
            same.resume(offset, stored, null);
            assertThat(same.change()).isEqualTo(OpenFile.Change.NONE);
            same.resume(offset, null, null); // a state file of an older version: nothing to compare
            assertThat(same.change()).isEqualTo(OpenFile.Change.NONE);
        }
        Files.writeString(file, "200 eins\n200 zwei\n");
        try (OpenFile rewritten = OpenFile.open(file)) {
            rewritten.resume(offset, stored, null);
            assertThat(rewritten.change()).isEqualTo(OpenFile.Change.REWRITTEN);
        }
    }

    @Test
    void a_line_that_is_not_utf8_comes_with_its_bytes_and_the_others_without() throws Exception {
        Path file = dir.resolve("fw.log");
        byte[] latin1 = "Gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        Files.writeString(file, "\nplain \u00fcber\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (OpenFile open = OpenFile.open(file)) {
            List<OpenFile.Line> lines = open.readLines(10);
            assertThat(lines).extracting(OpenFile.Line::text).containsExactly("Gr\uFFFD\uFFFDe", "plain \u00fcber");
            assertThat(lines.get(0).bytes()).isEqualTo(latin1);
            assertThat(lines.get(1).bytes()).isNull();
        }
    }

    @Test
    void a_line_whose_end_is_not_written_yet_is_handed_out_whole_once_it_is_and_a_batch_goes_on_where_it_stopped()
            throws Exception {
        // Given three lines and the start of a fourth
        Path file = dir.resolve("fw.log");
        Files.writeString(file, "a1\nb2\nc3\nd");
        try (OpenFile open = OpenFile.open(file)) {
            // When read two at a time
            List<OpenFile.Line> first = open.readLines(2);
            List<OpenFile.Line> second = open.readLines(2);
            Files.writeString(file, "4\n", StandardOpenOption.APPEND);
            List<OpenFile.Line> third = open.readLines(2);
            // Then
            assertThat(first).extracting(OpenFile.Line::text).containsExactly("a1", "b2");
            assertThat(second).extracting(OpenFile.Line::text).containsExactly("c3");
            assertThat(third).extracting(OpenFile.Line::text).containsExactly("d4");
            assertThat(third.get(0).offset()).isEqualTo(9L);
            assertThat(open.offset()).isEqualTo(12L);
            assertThat(open.before()).isEqualTo("a1\nb2\nc3\nd4\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void a_compressed_rotated_file_is_read_from_a_position_of_its_text_to_its_last_line() throws Exception {
        // Given a gzip-compressed rotated file whose last line has no newline
        Path file = dir.resolve("fw.log.2.gz");
        String text = "x".repeat(100) + "\nfirst\nsecond";
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        // When opened at the end of its first line
        try (OpenFile open = OpenFile.openRotated(file, 101)) {
            // Then: the bytes before the position are the ones of its text, and the rest are its lines
            assertThat(open.before()).isEqualTo(("x".repeat(63) + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(open.change()).isEqualTo(OpenFile.Change.NONE);
            List<OpenFile.Line> lines = open.readLines(100);
            open.takePartialLine();
            lines.addAll(open.readLines(100));
            assertThat(lines).extracting(OpenFile.Line::text).containsExactly("first", "second");
            assertThat(lines).extracting(OpenFile.Line::offset).containsExactly(101L, 107L);
        }
        // And a position past its text is not in it
        assertThat(OpenFile.openRotated(file, text.length() + 1)).isNull();
    }

    @Test
    void the_whole_lines_of_a_compressed_file_before_its_data_breaks_are_handed_out_before_the_failure() throws Exception {
        // Given: 20,000 numbered lines compressed, the file cut in its middle
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(whole)) {
            for (int k = 0; k < 20_000; k++) {
                out.write(("100 line " + k + " " + "y".repeat(k % 97) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        Path file = Files.write(dir.resolve("fw.log.2.gz"), Arrays.copyOf(whole.toByteArray(), whole.size() / 2));
        long decodable = 0; // the newlines gzip can give before its data ends
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            byte[] chunk = new byte[4096];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                for (int k = 0; k < n; k++) {
                    decodable += chunk[k] == '\n' ? 1 : 0;
                }
            }
        } catch (java.io.EOFException e) {
            // where the data ends
        }
        // When: read in batches far larger than what one read of the file gives
        List<OpenFile.Line> lines = new java.util.ArrayList<>();
        Exception failure = null;
        try (OpenFile open = OpenFile.openRotated(file, 0)) {
            for (int round = 0; round < 100 && failure == null; round++) {
                try {
                    List<OpenFile.Line> batch = open.readLines(50_000);
                    if (batch.isEmpty()) {
                        break;
                    }
                    lines.addAll(batch);
                } catch (java.io.IOException e) {
                    failure = e;
                }
            }
        }
        // Then: every whole line before the break, in order, then the failure
        assertThat(failure).isInstanceOf(java.io.EOFException.class);
        assertThat((long) lines.size()).isEqualTo(decodable);
        for (int k = 0; k < lines.size(); k++) {
            assertThat(lines.get(k).text()).startsWith("100 line " + k + " ");
        }
    }
}
