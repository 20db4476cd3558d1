package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatedFilesTest {

    @TempDir
    Path dir;

    private static String lines(String tag, int count) {
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < count; n++) {
            text.append("100 6 tap100i0-IN 14/Mar/2025:09:00:").append(String.format("%02d", n % 60)).append(" +0100 ")
                    .append(tag).append(' ').append(n).append('\n');
        }
        return text.toString();
    }

    private static void gzip(Path file, String text) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static byte[] before(String text, int position) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOfRange(bytes, Math.max(0, position - OpenFile.CHECKED_BYTES), position);
    }

    @Test
    void the_file_of_a_position_is_found_by_its_content_when_compressed_and_the_younger_ones_follow_it() throws Exception {
        // Given the file read up to 20 lines of 30, since compressed into .2.gz; a younger .1; the live file
        Path live = dir.resolve("pve-firewall.log");
        String read = lines("old", 30);
        int position = lines("old", 20).length();
        gzip(dir.resolve("pve-firewall.log.2.gz"), read);
        gzip(dir.resolve("pve-firewall.log.3.gz"), lines("older", 40));
        Files.writeString(dir.resolve("pve-firewall.log.1"), lines("young", 10));
        Files.writeString(live, lines("live", 5));
        Files.writeString(dir.resolve("other.log.1"), read);
        // When
        RotatedFiles.Found found = RotatedFiles.holding(live, new FileIdentity(-1, -1), position, before(read, position), new byte[0]);
        // Then
        try (OpenFile file = found.file()) {
            assertThat(found.path().getFileName()).hasToString("pve-firewall.log.2.gz");
            assertThat(file.readLines(100)).extracting(OpenFile.Line::text).first().asString().endsWith(" old 20");
            assertThat(found.younger()).extracting(p -> p.getFileName().toString()).containsExactly("pve-firewall.log.1");
        }
    }

    @Test
    void a_file_known_by_its_identity_is_taken_and_one_whose_bytes_differ_is_not() throws Exception {
        // Given a plain rotated file and the bytes read before a position in it
        Path live = dir.resolve("fw.log");
        Files.writeString(live, "");
        String text = lines("a", 10);
        Path rotated = dir.resolve("fw.log.1");
        Files.writeString(rotated, text);
        int position = lines("a", 4).length();
        FileIdentity identity = FileIdentity.of(rotated);
        // When / Then: by identity, with the bytes or without them (an older state file)
        try (OpenFile file = RotatedFiles.holding(live, identity, position, before(text, position), new byte[0]).file()) {
            assertThat(file.offset()).isEqualTo(position);
        }
        try (OpenFile file = RotatedFiles.holding(live, identity, position, new byte[0], new byte[0]).file()) {
            assertThat(file.offset()).isEqualTo(position);
        }
        // And not when the bytes are other ones (an identity given to a new file), nor past the file's end
        assertThat(RotatedFiles.holding(live, identity, position, before(lines("b", 10), position), new byte[0])).isNull();
        assertThat(RotatedFiles.holding(live, null, text.length() + 10, before(text, position), new byte[0])).isNull();
    }

    @Test
    void a_copy_being_compressed_is_read_from_its_plain_form_and_only_once() throws Exception {
        // Given logrotate in the middle of compressing .1: the plain copy whole, the compressed one cut short
        Path live = dir.resolve("fw.log");
        Files.writeString(live, "");
        String text = lines("c", 50);
        Files.writeString(dir.resolve("fw.log.1"), text);
        Path partial = dir.resolve("fw.log.1.gz");
        gzip(partial, text);
        byte[] whole = Files.readAllBytes(partial);
        Files.write(partial, Arrays.copyOf(whole, whole.length / 2));
        int position = lines("c", 10).length();
        // When
        RotatedFiles.Found found = RotatedFiles.holding(live, null, position, before(text, position), new byte[0]);
        // Then
        try (OpenFile file = found.file()) {
            assertThat(found.path().getFileName()).hasToString("fw.log.1");
            assertThat(found.younger()).isEmpty();
        }
        // And with the plain copy gone and the compressed one cut short, none holds the position
        Files.delete(dir.resolve("fw.log.1"));
        assertThat(RotatedFiles.holding(live, null, position, before(text, position), new byte[0])).isNull();
    }

    @Test
    void a_position_at_the_start_of_a_file_is_found_by_the_first_bytes_stored_with_it() throws Exception {
        // Given a tail that stored the start of a file (nothing read yet) which is now .2.gz, and a younger .1
        Path live = dir.resolve("fw.log");
        Files.writeString(live, "");
        String text = lines("start", 20);
        gzip(dir.resolve("fw.log.2.gz"), text);
        Files.writeString(dir.resolve("fw.log.1"), lines("next", 5));
        byte[] head = Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), OpenFile.CHECKED_BYTES);
        // When
        RotatedFiles.Found found = RotatedFiles.holding(live, new FileIdentity(-1, -1), 0, new byte[0], head);
        // Then: the whole file, then the younger one
        try (OpenFile file = found.file()) {
            assertThat(found.path().getFileName()).hasToString("fw.log.2.gz");
            assertThat(file.readLines(100)).hasSize(20).first().extracting(OpenFile.Line::offset).isEqualTo(0L);
            assertThat(found.younger()).extracting(p -> p.getFileName().toString()).containsExactly("fw.log.1");
        }
        // And with neither the first bytes nor the ones before the position known, no file is taken for it
        assertThat(RotatedFiles.holding(live, new FileIdentity(-1, -1), 0, new byte[0], new byte[0])).isNull();
    }
}
