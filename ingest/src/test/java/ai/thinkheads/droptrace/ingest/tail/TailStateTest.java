package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailStateTest {

    @TempDir
    Path dir;

    @Test
    void the_bytes_before_the_position_and_the_first_ones_are_stored_with_it_and_read_back() throws Exception {
        Path file = dir.resolve("state.json");
        byte[] before = "DPT=443 SEQ=1 ACK=0 WINDOW=1024 SYN \n".getBytes(StandardCharsets.UTF_8);
        byte[] head = "0 5 - 14/Mar/2025:00:00:01 +0100 starting pvefw logger\n".getBytes(StandardCharsets.UTF_8);
        TailState.of("/var/log/pve-firewall.log", "2049:131", 4096, Map.of("t-0", 7L), before, head, 1_700_000_000_000L, "pve1")
                .write(file);

        TailState read = TailState.read(file);

        assertThat(read.offset()).isEqualTo(4096);
        assertThat(read.bytesBefore()).isEqualTo(before);
        assertThat(read.firstBytes()).isEqualTo(head);
        assertThat(read.storedAt()).isEqualTo(1_700_000_000_000L);
        assertThat(read.host()).isEqualTo("pve1");
        assertThat(TailState.of("p", "1:2", 0, Map.of(), new byte[0], new byte[0], 0L, null).before()).isNull();
    }

    @Test
    void a_position_that_cannot_be_stored_says_it_is_the_state_files_and_why() throws Exception {
        // Given a state file whose temporary file cannot be written (a directory in its place; a full disk says only
        // "No space left on device", which an operator would look for on the log's disk)
        Path file = dir.resolve("state.json");
        Files.createDirectory(dir.resolve("state.json.tmp"));
        // Then
        assertThatThrownBy(() -> TailState.of("p", "1:2", 0, Map.of(), new byte[0], new byte[0], 0L, null).write(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot store the tail position in " + file + ": ");
    }

    @Test
    void a_position_whose_folder_was_deleted_while_the_tail_ran_is_stored_in_the_folder_made_again() throws Exception {
        // Given a position stored, then its folder deleted (rm -rf of the state folder while the tail runs: the tail
        // ended, and its restart, with no position, sent the whole log again)
        Path folder = dir.resolve("state");
        Path file = folder.resolve("tail.json");
        Files.createDirectory(folder);
        TailState.of("/var/log/pve-firewall.log", "2049:131", 100, Map.of("t-0", 1L), new byte[0], new byte[0], 1L,
                null).write(file);
        Files.delete(file);
        Files.delete(folder);
        // When the next position is stored
        TailState.of("/var/log/pve-firewall.log", "2049:131", 200, Map.of("t-0", 2L), new byte[0], new byte[0], 2L,
                null).write(file);
        // Then
        assertThat(TailState.read(file).offset()).isEqualTo(200);
        assertThat(TailState.read(file).partitionOffsets()).containsEntry("t-0", 2L);
    }

    @Test
    void a_state_file_of_an_older_version_without_the_bytes_is_read_with_none() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"path\":\"/var/log/pve-firewall.log\",\"file\":\"2049:131\",\"offset\":4096,"
                + "\"partitionOffsets\":{\"t-0\":7}}");

        TailState read = TailState.read(file);

        assertThat(read.offset()).isEqualTo(4096);
        assertThat(read.bytesBefore()).isEmpty();
        assertThat(read.firstBytes()).isEmpty();
        assertThat(read.storedAt()).isNull();
    }

    @Test
    void a_file_that_is_not_a_position_says_what_it_is_in_its_own_terms_not_jacksons() throws Exception {
        // Given a log, an empty file, a JSON list, a position with a word for its offset, binary bytes
        Map<String, String> files = Map.of(
                "Nov 27 10:00:00 pve1 kernel: [ 1.0] DROP IN=fwbr101i0\n", "it is not JSON",
                "", "it is empty",
                "[1, 2]", "it is not a JSON object",
                "{\"path\":\"p\",\"file\":\"1:2\",\"offset\":\"abc\",\"partitionOffsets\":{}}",
                "offset: 'abc' is not a number");
        Path file = dir.resolve("state.json");
        for (Map.Entry<String, String> given : files.entrySet()) {
            Files.writeString(file, given.getKey());
            // Then
            assertThatThrownBy(() -> TailState.read(file)).as(given.getKey()).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(file + " is not a tail position droptrace wrote (" + given.getValue())
                    .hasMessageNotContaining("token").hasMessageNotContaining("`").hasMessageNotContaining("\n");
        }
        Files.write(file, new byte[] {(byte) 0x1f, (byte) 0x8b, (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> TailState.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " is not a tail position droptrace wrote (it is not text)");
    }

    @Test
    void a_file_identity_that_is_not_dev_and_inode_is_refused_when_read_not_once_the_tail_runs() throws Exception {
        // Given: the identity as droptrace never writes it (read at the start, it is one line saying so, exit 3;
        // read by the follower later, the tail had started Kafka and ended with 'stopped following', exit 1)
        for (String identity : new String[] {"garbage", "65024:x", ":12"}) {
            Path file = dir.resolve("state.json");
            Files.writeString(file, "{\"path\":\"p\",\"file\":\"" + identity + "\",\"offset\":9,\"partitionOffsets\":{}}");

            // When / Then
            assertThatThrownBy(() -> TailState.read(file)).isInstanceOf(IOException.class)
                    .hasMessage(file + " is not a tail position droptrace wrote (file identity must be dev:inode, was "
                            + identity + ")");
        }
    }

    @Test
    void bytes_that_are_not_base64_make_the_state_file_one_that_droptrace_did_not_write() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{\"path\":\"p\",\"file\":\"1:2\",\"offset\":9,\"partitionOffsets\":{},\"before\":\"#!\"}");

        assertThatThrownBy(() -> TailState.read(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " is not a tail position droptrace wrote (")
                .hasMessageContaining("'before' is not Base64");
    }

    @Test
    void a_position_is_of_the_log_at_its_absolute_path_and_an_older_relative_one_is_not_held_against_it() {
        TailState state = TailState.of("/var/log/pve-firewall.log", "1:2", 0, Map.of(), new byte[0], new byte[0], 0L, null);
        assertThat(state.follows(Path.of("/var/log/../log/pve-firewall.log"))).isTrue();
        assertThat(state.follows(Path.of("/var/log/other.log"))).isFalse();
        assertThat(TailState.of("pve-firewall.log", "1:2", 0, Map.of(), new byte[0], new byte[0], 0L, null)
                .follows(Path.of("/elsewhere/fw.log"))).isTrue();
    }
}
