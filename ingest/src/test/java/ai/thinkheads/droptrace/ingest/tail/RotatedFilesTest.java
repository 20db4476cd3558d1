package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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

    private static RotatedFiles.Found find(Path live, FileIdentity identity, long position, byte[] before, byte[] head)
            throws IOException {
        return RotatedFiles.holding(live, new RotatedFiles.Position(identity, position, before, head, null), null);
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
        RotatedFiles.Found found = find(live, new FileIdentity(-1, -1), position, before(read, position), new byte[0]);
        // Then
        try (found) {
            assertThat(found.holding().path().getFileName()).hasToString("pve-firewall.log.2.gz");
            assertThat(found.holding().file().readLines(100)).extracting(OpenFile.Line::text).first().asString().endsWith(" old 20");
            assertThat(found.younger()).extracting(r -> r.path().getFileName().toString()).containsExactly("pve-firewall.log.1");
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
        try (RotatedFiles.Found found = find(live, identity, position, before(text, position), new byte[0])) {
            assertThat(found.holding().file().offset()).isEqualTo(position);
        }
        try (RotatedFiles.Found found = find(live, identity, position, new byte[0], new byte[0])) {
            assertThat(found.holding().file().offset()).isEqualTo(position);
        }
        // And not when the bytes are other ones (an identity given to a new file), nor past the file's end
        assertThat(find(live, identity, position, before(lines("b", 10), position), new byte[0])).isNull();
        assertThat(find(live, null, text.length() + 10, before(text, position), new byte[0])).isNull();
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
        RotatedFiles.Found found = find(live, null, position, before(text, position), new byte[0]);
        // Then
        try (found) {
            assertThat(found.holding().path().getFileName()).hasToString("fw.log.1");
            assertThat(found.younger()).isEmpty();
        }
        // And with the plain copy gone and the compressed one cut short, none holds the position
        Files.delete(dir.resolve("fw.log.1"));
        assertThat(find(live, null, position, before(text, position), new byte[0])).isNull();
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
        RotatedFiles.Found found = find(live, new FileIdentity(-1, -1), 0, new byte[0], head);
        // Then: the whole file, then the younger one
        try (found) {
            assertThat(found.holding().path().getFileName()).hasToString("fw.log.2.gz");
            assertThat(found.holding().file().readLines(100)).hasSize(20).first().extracting(OpenFile.Line::offset).isEqualTo(0L);
            assertThat(found.younger()).extracting(r -> r.path().getFileName().toString()).containsExactly("fw.log.1");
        }
        // And with neither the first bytes nor the ones before the position known, no file is taken for it
        assertThat(find(live, new FileIdentity(-1, -1), 0, new byte[0], new byte[0])).isNull();
    }

    @Test
    void a_position_stored_at_the_start_of_an_empty_file_is_found_by_the_time_the_rotated_files_were_written()
            throws Exception {
        // Given a position stored at T at the start of a file that was empty; a file rotated before T, two after
        Path live = dir.resolve("fw.log");
        Files.writeString(live, "");
        long stored = 1_700_000_000_000L;
        gzip(dir.resolve("fw.log.3.gz"), lines("before", 3));
        gzip(dir.resolve("fw.log.2.gz"), lines("after", 4));
        Files.writeString(dir.resolve("fw.log.1"), lines("later", 5));
        Files.setLastModifiedTime(dir.resolve("fw.log.3.gz"), FileTime.fromMillis(stored - 60_000));
        Files.setLastModifiedTime(dir.resolve("fw.log.2.gz"), FileTime.fromMillis(stored + 60_000));
        Files.setLastModifiedTime(dir.resolve("fw.log.1"), FileTime.fromMillis(stored + 120_000));
        // When
        RotatedFiles.Found found = RotatedFiles.holding(live,
                new RotatedFiles.Position(new FileIdentity(-1, -1), 0, new byte[0], new byte[0], stored), null);
        // Then: the first file written after it, whole, then the younger one
        try (found) {
            assertThat(found.holding().path().getFileName()).hasToString("fw.log.2.gz");
            assertThat(found.holding().file().offset()).isZero();
            assertThat(found.younger()).extracting(r -> r.path().getFileName().toString()).containsExactly("fw.log.1");
        }
        // And not without the time, nor past the start of a file
        assertThat(find(live, new FileIdentity(-1, -1), 0, new byte[0], new byte[0])).isNull();
        assertThat(RotatedFiles.holding(live,
                new RotatedFiles.Position(new FileIdentity(-1, -1), 10, new byte[0], new byte[0], stored), null)).isNull();
    }

    @Test
    void the_live_file_opened_before_a_rotation_is_not_among_the_younger_ones() throws Exception {
        // Given a tail that opened the live file, which a rotation then renamed to .1
        Path live = dir.resolve("fw.log");
        String text = lines("old", 10);
        Files.writeString(dir.resolve("fw.log.2"), text);
        Files.writeString(dir.resolve("fw.log.1"), lines("was-live", 3));
        Files.writeString(live, "");
        FileIdentity opened = FileIdentity.of(dir.resolve("fw.log.1"));
        int position = lines("old", 5).length();
        // When
        RotatedFiles.Found found = RotatedFiles.holding(live, new RotatedFiles.Position(
                FileIdentity.of(dir.resolve("fw.log.2")), position, before(text, position), new byte[0], null), opened);
        // Then: it is read as the live file, not twice
        try (found) {
            assertThat(found.holding().path().getFileName()).hasToString("fw.log.2");
            assertThat(found.younger()).isEmpty();
        }
    }

    @Test
    void the_file_of_a_position_is_found_beside_the_target_of_a_symbolic_link() throws Exception {
        // Given /log/pve-firewall.log -> ../real/fw.log, read up to 20 lines of 30, then rotated twice beside its
        // target (the file of the position compressed into fw.log.2.gz), and a younger fw.log.1
        Path real = Files.createDirectory(dir.resolve("real"));
        Path logs = Files.createDirectory(dir.resolve("log"));
        Files.writeString(real.resolve("fw.log"), lines("live", 5));
        Path live = Files.createSymbolicLink(logs.resolve("pve-firewall.log"), Path.of("../real/fw.log"));
        String read = lines("old", 30);
        int position = lines("old", 20).length();
        gzip(real.resolve("fw.log.2.gz"), read);
        Files.writeString(real.resolve("fw.log.1"), lines("young", 10));
        // When
        RotatedFiles.Found found = find(live, new FileIdentity(-1, -1), position, before(read, position), new byte[0]);
        // Then
        try (found) {
            assertThat(found.holding().path()).isEqualTo(real.resolve("fw.log.2.gz"));
            assertThat(found.younger()).extracting(RotatedFiles.Rotated::path).containsExactly(real.resolve("fw.log.1"));
        }
    }

    @Test
    void a_file_renamed_beside_the_target_of_a_symbolic_link_is_found_by_its_identity() throws Exception {
        // Given a link whose target was renamed to a name outside logrotate's patterns
        Path real = Files.createDirectory(dir.resolve("real"));
        Path logs = Files.createDirectory(dir.resolve("log"));
        String text = lines("a", 10);
        Path renamed = real.resolve("fw.log.old");
        Files.writeString(renamed, text);
        Files.writeString(real.resolve("fw.log"), "");
        Path live = Files.createSymbolicLink(logs.resolve("pve-firewall.log"), Path.of("../real/fw.log"));
        int position = lines("a", 4).length();
        // When
        RotatedFiles.Found found = find(live, FileIdentity.of(renamed), position, before(text, position), new byte[0]);
        // Then
        try (found) {
            assertThat(found.holding().path()).isEqualTo(renamed);
        }
    }

    @Test
    void the_file_of_a_position_is_found_with_start_0_and_with_an_extension_kept_last() throws Exception {
        // Given two sets rotated twice, compressed but the youngest: 'start 0' (fw.log.1.gz, fw.log.0), and
        // 'extension .log' (pve-firewall.2.log.gz, pve-firewall.1.log); the position 20 lines into the older one
        String read = lines("old", 30);
        int position = lines("old", 20).length();
        Path zero = dir.resolve("fw.log");
        Files.writeString(zero, "");
        gzip(dir.resolve("fw.log.1.gz"), read);
        Files.writeString(dir.resolve("fw.log.0"), lines("young", 10));
        Path extension = dir.resolve("pve-firewall.log");
        Files.writeString(extension, "");
        gzip(dir.resolve("pve-firewall.2.log.gz"), read);
        Files.writeString(dir.resolve("pve-firewall.1.log"), lines("young", 10));
        // When
        RotatedFiles.Found inZero = find(zero, new FileIdentity(-1, -1), position, before(read, position), new byte[0]);
        RotatedFiles.Found inExtension = find(extension, new FileIdentity(-1, -1), position, before(read, position),
                new byte[0]);
        // Then: the file of the position, then the younger one
        try (inZero; inExtension) {
            assertThat(inZero.holding().path().getFileName()).hasToString("fw.log.1.gz");
            assertThat(inZero.younger()).extracting(r -> r.path().getFileName().toString()).containsExactly("fw.log.0");
            assertThat(inExtension.holding().path().getFileName()).hasToString("pve-firewall.2.log.gz");
            assertThat(inExtension.younger()).extracting(r -> r.path().getFileName().toString())
                    .containsExactly("pve-firewall.1.log");
        }
    }

    @Test
    void with_dateext_and_an_extension_the_dated_file_holds_the_position() throws Exception {
        // Given 'dateext' and 'extension .log': pve-firewall-20261127.log.gz
        String read = lines("old", 30);
        int position = lines("old", 20).length();
        Path live = dir.resolve("pve-firewall.log");
        Files.writeString(live, "");
        gzip(dir.resolve("pve-firewall-20261127.log.gz"), read);
        // When
        RotatedFiles.Found found = find(live, new FileIdentity(-1, -1), position, before(read, position), new byte[0]);
        // Then
        try (found) {
            assertThat(found.holding().path().getFileName()).hasToString("pve-firewall-20261127.log.gz");
        }
    }
}
