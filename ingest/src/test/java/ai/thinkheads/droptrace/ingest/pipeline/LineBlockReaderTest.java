package ai.thinkheads.droptrace.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineBlockReaderTest {

    @Test
    void lines_and_their_numbers_are_those_of_a_buffered_reader_for_any_line_ends_and_block_sizes() throws Exception {
        // Given random text with LF, CR, CR LF, empty lines, long lines, non-ASCII and malformed UTF-8
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            byte[] input = randomText(random);
            int blockSize = 1 + random.nextInt(64);
            int maxLines = 1 + random.nextInt(8);
            // When read in blocks from a stream that hands out few bytes at a time
            List<String> ours = new ArrayList<>();
            List<Long> numbers = new ArrayList<>();
            LineBlockReader reader = new LineBlockReader(trickling(input, random), blockSize, maxLines);
            for (LineBlock block = reader.next(); block != null; block = reader.next()) {
                assertThat(block.count()).isBetween(1, maxLines);
                for (int k = 0; k < block.count(); k++) {
                    ours.add(block.text(k, block.plain(k)));
                    numbers.add(block.lineNumber(k));
                }
            }
            // Then
            List<String> expected = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input),
                    StandardCharsets.UTF_8)).lines().toList();
            assertThat(ours).as("round %d", round).isEqualTo(expected);
            assertThat(numbers).isEqualTo(java.util.stream.LongStream.rangeClosed(1, expected.size()).boxed().toList());
        }
    }

    @Test
    void a_stream_that_fails_part_way_hands_out_the_whole_lines_before_the_failure_then_the_failure() throws Exception {
        // Given: three whole lines and half of a fourth, then the stream breaks (a gzip file cut in its middle)
        byte[] head = "one\ntwo\nthree\nfou".getBytes(StandardCharsets.US_ASCII);
        InputStream breaking = new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at == head.length) {
                    throw new java.io.EOFException("Unexpected end of ZLIB input stream");
                }
                int n = Math.min(len, 5);
                n = Math.min(n, head.length - at);
                System.arraycopy(head, at, b, off, n);
                at += n;
                return n;
            }

            @Override
            public int available() {
                return 1; // as GZIPInputStream says until its end: the reader keeps reading into the block
            }
        };
        LineBlockReader reader = new LineBlockReader(breaking, 1024, 100);
        // When
        LineBlock block = reader.next();
        // Then
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < block.count(); k++) {
            lines.add(block.text(k, block.plain(k)));
        }
        assertThat(lines).containsExactly("one", "two", "three");
        org.assertj.core.api.Assertions.assertThatThrownBy(reader::next).isInstanceOf(java.io.EOFException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(reader::next).isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void a_line_is_plain_only_when_it_is_printable_ascii_without_quote_or_backslash() throws IOException {
        // Given
        String text = "plain line with spaces and = : [ ] ~ \u007f\n"
                + "with \"quote\"\nwith \\ backslash\nwith\ttab\nwith \u00e9\nx\n\n" + "long ".repeat(40) + "\"\n";
        // When
        LineBlock block = new LineBlockReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1024, 100)
                .next();
        // Then
        List<Boolean> plain = new ArrayList<>();
        for (int k = 0; k < block.count(); k++) {
            plain.add(block.plain(k));
            assertThat(block.text(k, block.plain(k))).isEqualTo(text.split("\n", -1)[k]);
        }
        assertThat(plain).containsExactly(true, false, false, false, false, true, true, false);
    }

    @Test
    void lines_read_as_text_keep_their_numbers_and_are_never_taken_for_plain() throws IOException {
        // Given
        LineBlockSource source = LineBlockSource.ofReader(new BufferedReader(new StringReader("a\nb\nc\n")), 2);
        // When
        LineBlock first = source.next();
        LineBlock second = source.next();
        // Then
        assertThat(first.count()).isEqualTo(2);
        assertThat(second.text(0, false)).isEqualTo("c");
        assertThat(second.lineNumber(0)).isEqualTo(3);
        assertThat(first.plain(0)).isFalse();
        assertThat(source.next()).isNull();
    }

    @Test
    void a_line_longer_than_the_limit_is_its_first_bytes_and_the_rest_up_to_its_end_is_skipped() throws Exception {
        // Given random text as above, read with a limit of a few bytes a line
        Random random = new Random(12);
        for (int round = 0; round < 300; round++) {
            byte[] input = randomText(random);
            int maxLineBytes = 1 + random.nextInt(40);
            LineBlockReader reader = new LineBlockReader(trickling(input, random), 1 + random.nextInt(64),
                    1 + random.nextInt(8), maxLineBytes);
            // When
            List<String> ours = new ArrayList<>();
            List<Long> numbers = new ArrayList<>();
            for (LineBlock block = reader.next(); block != null; block = reader.next()) {
                for (int k = 0; k < block.count(); k++) {
                    ours.add(block.text(k, block.plain(k)));
                    numbers.add(block.lineNumber(k));
                }
            }
            // Then: each line as its bytes would give it, cut to the limit, however the reads fell
            List<String> expected = new ArrayList<>();
            for (byte[] line : linesOf(input)) {
                expected.add(new String(line, 0, Math.min(line.length, maxLineBytes), StandardCharsets.UTF_8));
            }
            assertThat(ours).as("round %d", round).isEqualTo(expected);
            assertThat(numbers).isEqualTo(java.util.stream.LongStream.rangeClosed(1, expected.size()).boxed().toList());
        }
    }

    @Test
    void input_without_a_line_end_is_one_cut_line_however_long_it_is() throws Exception {
        // Given a line of 64 MiB (a binary file given by mistake), then one real line
        long garbage = 64L << 20;
        InputStream in = new InputStream() {
            private long left = garbage;
            private final byte[] tail = "\nSRC=10.0.0.1\n".getBytes(StandardCharsets.US_ASCII);
            private int tailAt;

            @Override
            public int read() {
                if (left > 0) {
                    left--;
                    return 'x';
                }
                return tailAt < tail.length ? tail[tailAt++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                    left -= n;
                    return n;
                }
                return super.read(b, off, len);
            }
        };
        LineBlockReader reader = new LineBlockReader(in, 128 * 1024, 2048);
        // When
        List<Integer> lengths = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (LineBlock block = reader.next(); block != null; block = reader.next()) {
            for (int k = 0; k < block.count(); k++) {
                lengths.add(block.bytes(k).length);
                texts.add(block.text(k, block.plain(k)));
            }
        }
        // Then: the first 256 KiB of the garbage, and the real line after it, whole
        assertThat(lengths).containsExactly(LineBlockReader.MAX_LINE_BYTES, 12);
        assertThat(texts.get(1)).isEqualTo("SRC=10.0.0.1");
    }

    /** The lines of {@code input} as bytes, cut at LF, CR or CR LF like BufferedReader; a last line without an end counts. */
    private static List<byte[]> linesOf(byte[] input) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < input.length; k++) {
            if (input[k] == '\n' || input[k] == '\r') {
                lines.add(java.util.Arrays.copyOfRange(input, start, k));
                if (input[k] == '\r' && k + 1 < input.length && input[k + 1] == '\n') {
                    k++;
                }
                start = k + 1;
            }
        }
        if (start < input.length) {
            lines.add(java.util.Arrays.copyOfRange(input, start, input.length));
        }
        return lines;
    }

    private static byte[] randomText(Random random) {
        String[] pieces = {"a", "bc", "100 6 tap100i0-IN", "\n", "\r", "\r\n", "\n\n", "\u00e9", "\u4e2d", "\ud83d\udd25",
            "\"", "\\", "x".repeat(70)};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n = random.nextInt(40);
        for (int k = 0; k < n; k++) {
            if (random.nextInt(20) == 0) {
                out.write(0xC3); // a lone lead byte: malformed
            } else {
                out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** A stream that returns at most a few bytes per read and says nothing is waiting now and then. */
    private static InputStream trickling(byte[] input, Random random) {
        return new ByteArrayInputStream(input) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(9)));
            }

            @Override
            public synchronized int available() {
                return random.nextBoolean() ? 0 : super.available();
            }
        };
    }
}
