package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFileTest {

    @TempDir
    Path dir;

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
}
