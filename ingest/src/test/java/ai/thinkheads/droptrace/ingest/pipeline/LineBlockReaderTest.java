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
