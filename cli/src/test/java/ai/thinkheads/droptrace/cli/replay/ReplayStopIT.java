package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.FreezableKafka;
import ai.thinkheads.droptrace.cli.TopicCount;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM in the middle of a rotated set, replayed by bin/droptrace as a user runs it, and while Kafka does not answer. */
@ExtendWith(SharedKafkaBroker.class)
class ReplayStopIT {

    private static final String DROP = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: IN=vmbr0 "
            + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=%d SYN %n";

    @Test
    void sigterm_in_a_set_says_in_which_file_and_at_which_line_the_lines_sent_end(@TempDir Path dir) throws Exception {
        String notes = replayStoppedInASet(dir, "it-replay-stop-set");
        assertThat(notes).doesNotContain("outside --from/--until");
    }

    @Test
    void sigterm_after_lines_outside_from_says_they_were_not_sent(@TempDir Path dir) throws Exception {
        // the rotated file's 3 lines are before --from: read and left out, not in Kafka
        String notes = replayStoppedInASet(dir, "it-replay-stop-from", "--from", "2025-03-14T08:00:03Z");
        assertThat(notes).contains(", 3 of them outside --from/--until (not sent): the others are in Kafka as "
                + "acknowledged above");
    }

    /**
     * Replays a rotated file of 3 drops and a live file of 100 a second apart at the log's pace, stopped by SIGTERM
     * once 5 events are in Kafka; checks the summary names the file it stopped in and its last line read; returns
     * its notes.
     */
    private static String replayStoppedInASet(Path dir, String namespace, String... more) throws Exception {
        // Given: a rotated file of 3 drops, then the live file of 100 drops a second apart, replayed at the log's pace
        StringBuilder older = new StringBuilder();
        StringBuilder live = new StringBuilder();
        for (int n = 0; n < 103; n++) {
            (n < 3 ? older : live).append(String.format(DROP, n / 60, n % 60, n + 1));
        }
        Path rotated = Files.writeString(dir.resolve("pve-firewall.log.1"), older);
        Path current = Files.writeString(dir.resolve("pve-firewall.log"), live);
        String topic = Topics.FIREWALL_EVENTS.name(Namespace.of(namespace));
        Path out = dir.resolve("replay.out");
        Path launcher = Path.of("").toAbsolutePath().resolveSibling("bin").resolve("droptrace");
        List<String> command = new ArrayList<>(List.of("timeout", "180", "bash", launcher.toString(), "replay",
                current.toString(), rotated.toString(), "--speed", "1x", "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", namespace, "--output", "json"));
        command.addAll(List.of(more));
        Process replay = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            // When: SIGTERM once two lines of the live file are in Kafka
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (TopicCount.records(SharedKafkaBroker.bootstrapServers(), topic) < 5) {
                assertThat(replay.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("five events within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            for (ProcessHandle jvm : replay.toHandle().descendants().toList()) {
                jvm.destroy(); // SIGTERM to the JVM under timeout and the launcher
            }
            assertThat(replay.waitFor(60, TimeUnit.SECONDS)).as("ends within 60 s").isTrue();
        } finally {
            replay.destroyForcibly();
        }
        // Then: the summary names the file it stopped in and its last line sent, all of the rotated file before it
        String said = Files.readString(out);
        JsonNode summary = Json.events().readTree(said.substring(said.indexOf('{')));
        long read = summary.get("read").asLong();
        long outside = summary.get("outsideWindow").asLong();
        assertThat(read).as(said).isBetween(5L, 102L);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(read - outside);
        assertThat(summary.get("notes").toString()).contains("stopped by a signal after " + read + " lines, the last "
                + "of them line " + (read - 3) + " of " + current);
        return summary.get("notes").toString();
    }

    @Test
    void sigterm_while_kafka_does_not_answer_ends_with_4_and_says_how_many_records_it_did_not_accept(@TempDir Path dir)
            throws Exception {
        // Given: a replay of a pipe into a Kafka that acknowledged its first 20 lines, then froze, and 20 more lines
        // sent to it (its sockets hold them unread)
        Namespace ns = Namespace.of("it-replay-frozen");
        try (FreezableKafka kafka = FreezableKafka.start(dir, "it-replay-frozen-listen")) {
            Path out = dir.resolve("replay.out");
            Process replay = CliJvm.start(out, 180, "replay", "-", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--namespace", ns.name());
            try (OutputStream stdin = replay.getOutputStream()) {
                stdin.write(drops(0, 20).getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (TopicCount.records(kafka.bootstrapServers(), Topics.FIREWALL_EVENTS.name(ns)) < 20) {
                    assertThat(replay.isAlive()).as(Files.readString(out)).isTrue();
                    assertThat(System.nanoTime()).as("20 events within 90 s").isLessThan(deadline);
                    Thread.sleep(100);
                }
                kafka.freeze();
                stdin.write(drops(20, 40).getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (kafka.unreadBytes() == 0) {
                    assertThat(replay.isAlive()).as(Files.readString(out)).isTrue();
                    assertThat(System.nanoTime()).as("the 20 lines sent within 60 s").isLessThan(deadline);
                    Thread.sleep(100);
                }
                // When: SIGTERM, while the replay waits for Kafka's acknowledgements (30 s at most)
                CliJvm.jvm(replay).destroy();
                assertThat(replay.waitFor(90, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
            } finally {
                CliJvm.stop(replay, true);
            }
            // Then: the summary, the line saying how many records Kafka did not accept last, and 4, not the 143 of a
            // clean stop. The first 20 are in the topic, but their acknowledgement may have been on its way when the
            // broker froze (seen under load: all 40 unacknowledged), so the counts are held to agree, not to be 20.
            String said = Files.readString(out);
            java.util.regex.Matcher sent = java.util.regex.Pattern.compile("sent 40 records, acknowledged by Kafka (\\d+)")
                    .matcher(said);
            assertThat(sent.find()).as(said).isTrue();
            int acknowledged = Integer.parseInt(sent.group(1));
            assertThat(acknowledged).as(said).isBetween(0, 20);
            assertThat(said).contains("droptrace: Kafka did not accept " + (40 - acknowledged) + " record(s); "
                    + acknowledged + " of 40 sent are in Kafka (see the summary)");
            assertThat(replay.exitValue()).as(said).isEqualTo(4);
        }
    }

    private static String drops(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int n = from; n < to; n++) {
            text.append(String.format(DROP, n / 60, n % 60, n + 1));
        }
        return text.toString();
    }
}
