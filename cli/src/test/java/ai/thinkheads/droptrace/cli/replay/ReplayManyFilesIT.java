package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A rotated set of more files than the process may hold open, replayed by bin/droptrace as a user runs it. */
@ExtendWith(SharedKafkaBroker.class)
class ReplayManyFilesIT {

    @Test
    void a_set_of_more_files_than_the_process_may_open_is_replayed_whole_with_a_warning_not_a_stack_trace(
            @TempDir Path dir) throws Exception {
        // Given: 1,100 rotated files of one drop each, and a process that may open 1,024 files (ulimit -n)
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n 1024 && exec bash \"$0\" \"$@\"",
                Path.of("").toAbsolutePath().resolveSibling("bin").resolve("droptrace").toString(), "replay"));
        for (int n = 0; n < 1_100; n++) {
            Path file = dir.resolve(n == 0 ? "pve-firewall.log" : "pve-firewall.log." + n);
            Files.writeString(file, String.format("0 6 PVEFW-HOST-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: "
                    + "IN=vmbr0 SRC=198.51.100.7 DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=22 SYN %n", n / 60 % 60,
                    n % 60));
            command.add(file.toString());
        }
        command.addAll(List.of("--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace",
                "it-replay-many-files", "--output", "json"));
        Path out = dir.resolve("replay.out");
        Path err = dir.resolve("replay.err");
        // When
        Process replay = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = replay.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            replay.destroyForcibly();
        }
        // Then: every line in Kafka, and a warning that some files were opened in their turn
        String said = Files.readString(err);
        assertThat(ended).as(said).isTrue();
        assertThat(replay.exitValue()).as(said).isZero();
        assertThat(said).doesNotContain("\tat ").contains("warning: this process may not hold all 1,100 files open");
        JsonNode summary = Json.events().readTree(Files.readString(out));
        assertThat(summary.get("read").asLong()).isEqualTo(1_100);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(1_100);
    }
}
