package ai.thinkheads.droptrace.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafkaBroker.class)
class ReplayCommandIT {

    @TempDir
    Path dir;

    @Test
    void a_broker_that_goes_away_mid_replay_stops_it_with_the_summary_and_one_line_saying_how_far_it_got()
            throws Exception {
        // Given: a broker of this test's own, and 600 lines a second apart replayed at 20x (30 s if nothing stopped it)
        ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker broker =
                ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
        Path file = dir.resolve("fw.log");
        StringBuilder lines = new StringBuilder();
        for (int k = 0; k < 600; k++) {
            lines.append(String.format("100 6 tap100i0-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: IN=fwbr100i0 "
                    + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=23 SYN %n", k / 60, k % 60));
        }
        Files.writeString(file, lines);
        java.util.concurrent.atomic.AtomicReference<CliRun> run = new java.util.concurrent.atomic.AtomicReference<>();
        Thread replay = new Thread(() -> run.set(CliRun.of("replay", file.toString(), "--bootstrap-servers",
                broker.bootstrapServers(), "--namespace", "it-replay-gone", "--speed", "20x")));
        try {
            replay.start();
            Thread.sleep(4_000); // the replay under way (its topics made, lines sent), not a wait for Kafka
        } finally {
            // When
            broker.close();
        }
        replay.join(180_000);
        // Then: stopped with what it did, and one line saying Kafka refused records, not an unexpected failure
        assertThat(replay.isAlive()).isFalse();
        CliRun result = run.get();
        assertThat(result.exitCode()).as(result.err()).isEqualTo(ai.thinkheads.droptrace.cli.common.ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(result.out()).contains("Replayed 1 file").contains("stopped: Kafka did not accept");
        // and from where: the first line Kafka did not take (one flow, so in order), and that line's own time
        java.util.regex.Matcher note = java.util.regex.Pattern.compile("the ([\\d,]+) acknowledged are in Kafka; replay "
                + "the rest with --from (\\S+) \\(Kafka holds every line before line ([\\d,]+) of "
                + java.util.regex.Pattern.quote(file.toString()) + ";")
                .matcher(result.out());
        assertThat(note.find()).as(result.out()).isTrue();
        int firstRefused = Integer.parseInt(note.group(3).replace(",", ""));
        assertThat(firstRefused).isEqualTo(Integer.parseInt(note.group(1).replace(",", "")) + 1);
        int k = firstRefused - 1; // the lines count from 1, k from 0
        assertThat(note.group(2)).isEqualTo(String.format("2025-03-14T08:%02d:%02dZ", k / 60, k % 60));
        assertThat(result.err().strip()).startsWith("droptrace: Kafka did not accept").endsWith("are in Kafka (see the summary)")
                .doesNotContain("unexpected failure").doesNotContain("\tat ");
    }

    @Test
    void replay_sends_events_status_lines_and_dead_letters_and_says_where_the_year_came_from() throws Exception {
        // Given
        Path file = dir.resolve("syslog");
        Files.writeString(file, "Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 "
                + "PROTO=UDP SPT=1 DPT=53 LEN=20\n"
                + "0 3 - 14/Mar/2025:09:23:00 +0100 skipped 7 log entries (queue full)\n"
                + "garbage\n");
        // When
        CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-cmd", "--year", "2024", "--zone", "UTC", "--output", "json");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(counts(summary, "read", "parsed", "status", "deadLettered", "skippedByLogger", "acknowledged"))
                .containsExactly(3L, 1L, 1L, 1L, 7L, 3L);
        assertThat(summary.get("notes").get(0).asText()).startsWith(file + ": 1 line(s) with RFC 3164 timestamps")
                .contains("year 2024 (--year)").contains("zone UTC (--zone)");
    }

    @Test
    void the_same_files_replayed_twice_into_one_namespace_say_so_the_second_time() throws Exception {
        // Given a set replayed once (a replay keeps no position: the second run sends every line again)
        Path file = dir.resolve("pve-firewall.log");
        Files.writeString(file, "0 5 - 14/Mar/2025:09:00:01 +0100 starting pvefw logger\n"
                + "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.1 DST=10.0.0.2 "
                + "LEN=60 TTL=64 PROTO=TCP SPT=4000 DPT=22 SYN \n"
                + "garbage\n");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        CliRun first = CliRun.of("replay", file.toString(), "--bootstrap-servers", bootstrap, "--namespace",
                "it-replay-twice");
        // When
        CliRun second = CliRun.of("replay", file.toString(), "--bootstrap-servers", bootstrap, "--namespace",
                "it-replay-twice");
        // Then the first found the namespace empty, the second says what the first left there
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).doesNotContain("holds");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("droptrace: warning: namespace it-replay-twice holds 3 record(s) already "
                + "(an earlier replay?): this replay adds to them");
        assertThat(ai.thinkheads.droptrace.cli.TopicCount.records(bootstrap, "droptrace.it-replay-twice.firewall-events"))
                .isEqualTo(2);
    }

    @Test
    void a_rotated_set_given_in_any_order_is_read_oldest_first_and_the_summary_says_in_which_order() throws Exception {
        // Given: a rotated set, named on the command line newest first
        String line = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 "
                + "DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN \n";
        for (String name : new String[] {"pve-firewall.log", "pve-firewall.log.1", "pve-firewall.log.2"}) {
            Files.writeString(dir.resolve(name), line);
        }
        // When
        CliRun run = CliRun.of("replay", dir.resolve("pve-firewall.log").toString(),
                dir.resolve("pve-firewall.log.1").toString(), dir.resolve("pve-firewall.log.2").toString(),
                "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", "it-replay-order",
                "--output", "json");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(3);
        assertThat(summary.get("notes").get(0).asText()).isEqualTo("read in this order: "
                + dir.resolve("pve-firewall.log.2") + ", " + dir.resolve("pve-firewall.log.1") + ", "
                + dir.resolve("pve-firewall.log"));
    }

    @Test
    void a_line_of_megabytes_is_one_dead_letter_between_the_events_fast_or_paced() throws Exception {
        // Given: a binary blob of 3 MB between two drops (Kafka takes at most 1 MiB a record)
        String drop = "0 6 PVEFW-HOST-IN 14/Mar/2025:09:13:0%d +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 "
                + "DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=22 SYN \n";
        Path file = dir.resolve("pve-firewall.log");
        Files.writeString(file, String.format(drop, 1) + "\u0000\u0001".repeat(1_500_000) + "\n" + String.format(drop, 2));
        for (String speed : new String[] {"max", "1000x"}) {
            // When
            CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                    "--namespace", "it-replay-long-" + (speed.equals("max") ? "fast" : "paced"), "--speed", speed,
                    "--output", "json");
            // Then
            assertThat(run.exitCode()).as(speed + ": " + run.err()).isZero();
            JsonNode summary = Json.events().readTree(run.out());
            assertThat(summary.get("read").asLong()).as(speed).isEqualTo(3);
            assertThat(summary.get("parsed").asLong()).as(speed).isEqualTo(2);
            assertThat(summary.get("deadLettered").asLong()).as(speed).isEqualTo(1);
            assertThat(summary.get("acknowledged").asLong()).as(speed).isEqualTo(3);
            assertThat(summary.get("notes")).as("pve lines carry their year and zone: nothing to say").isEmpty();
        }
    }

    @Test
    void stdin_is_replayed_with_dash_alone_and_not_mixed_with_files() throws Exception {
        // Given
        byte[] lines = ("Mar 14 09:12:44 pve1 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=40 "
                + "PROTO=UDP SPT=1 DPT=53 LEN=20\n").repeat(5).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // When
        CliRun run = CliRun.withStdin(lines, "replay", "-", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-stdin", "--output", "json");
        CliRun text = CliRun.withStdin(lines, "replay", "-", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-stdin");
        CliRun mixed = CliRun.of("replay", "-", dir.resolve("x.log").toString());
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(text.out()).as(text.err()).startsWith("Replayed stdin into namespace it-replay-stdin (");
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(summary.get("parsed").asLong()).isEqualTo(5);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(5);
        assertThat(summary.get("notes").get(0).asText()).startsWith("stdin: 5 line(s) with RFC 3164 timestamps");
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err().strip()).isEqualTo("droptrace: '-' (stdin) is replayed on its own, not with files");
    }

    /** A drop as a live writer puts it into a pipe. */
    private static final String PIPED_DROP = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 "
            + "SRC=10.0.0.5 DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN \n";

    /** A named pipe in the test's folder (the test is skipped where mkfifo is not there). */
    private Path namedPipe(String name) throws Exception {
        Path fifo = dir.resolve(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available here");
        return fifo;
    }

    private static String eventsTopic(String namespace) {
        return ai.thinkheads.droptrace.core.topic.Topics.FIREWALL_EVENTS.name(
                ai.thinkheads.droptrace.core.topic.Namespace.of(namespace));
    }

    /** Waits at most 60 s for a first record on {@code topic}. */
    private static void awaitOneRecord(String bootstrap, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (ai.thinkheads.droptrace.cli.TopicCount.records(bootstrap, topic) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void a_pipe_fed_live_is_sent_line_by_line_as_it_comes_not_when_the_pipe_ends() throws Exception {
        // Given a named pipe a live writer feeds (journalctl -f -o json | droptrace replay -, or <(...))
        Path fifo = namedPipe("live");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String namespace = "it-replay-live-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String events = eventsTopic(namespace);
        byte[] line = PIPED_DROP.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Process replay = ai.thinkheads.droptrace.cli.CliJvm.start(dir.resolve("replay.out"), 120, "replay",
                fifo.toString(), "--bootstrap-servers", bootstrap, "--namespace", namespace);
        try (java.io.OutputStream writer = Files.newOutputStream(fifo)) {
            // When one line is written and the writer waits
            writer.write(line);
            writer.flush();
            // Then it is in Kafka while the pipe is still open
            awaitOneRecord(bootstrap, events);
            assertThat(ai.thinkheads.droptrace.cli.TopicCount.records(bootstrap, events))
                    .as(Files.readString(dir.resolve("replay.out"))).isEqualTo(1);
            assertThat(replay.isAlive()).isTrue();
            writer.write(line);
        } finally {
            if (!replay.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                ai.thinkheads.droptrace.cli.CliJvm.stop(replay, true);
            }
        }
        // And the second when it comes, the replay ending with the pipe
        assertThat(replay.exitValue()).as(Files.readString(dir.resolve("replay.out"))).isZero();
        assertThat(ai.thinkheads.droptrace.cli.TopicCount.records(bootstrap, events)).isEqualTo(2);
    }

    @Test
    void a_set_logrotate_rotates_in_the_middle_of_the_replay_is_read_as_it_was_when_the_replay_started()
            throws Exception {
        // Given: a named pipe read first, then a rotated set of one line a file
        Path fifo = namedPipe("first");
        Path set = Files.createDirectory(dir.resolve("set"));
        Files.writeString(set.resolve("pve-firewall.log.1"), PIPED_DROP.replace("DPT=443", "DPT=1"));
        Files.writeString(set.resolve("pve-firewall.log"), PIPED_DROP.replace("DPT=443", "DPT=2"));
        java.util.concurrent.atomic.AtomicReference<CliRun> run = new java.util.concurrent.atomic.AtomicReference<>();
        Thread replay = new Thread(() -> run.set(CliRun.of("replay", fifo.toString(),
                set.resolve("pve-firewall.log.1").toString(), set.resolve("pve-firewall.log").toString(),
                "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", "it-replay-rotated",
                "--output", "json")));
        replay.start();
        try (java.io.OutputStream writer = Files.newOutputStream(fifo)) { // opens once the replay reads the pipe
            // When: logrotate renames the set while the replay reads the pipe
            Files.move(set.resolve("pve-firewall.log.1"), set.resolve("pve-firewall.log.2"));
            Files.move(set.resolve("pve-firewall.log"), set.resolve("pve-firewall.log.1"));
            Files.writeString(set.resolve("pve-firewall.log"), "");
            writer.write(PIPED_DROP.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        replay.join(120_000);
        // Then: the line of the pipe and both lines of the set, none skipped
        CliRun result = run.get();
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode summary = Json.events().readTree(result.out());
        assertThat(counts(summary, "read", "parsed", "acknowledged")).containsExactly(3L, 3L, 3L);
    }

    @Test
    void sigterm_ends_a_replay_of_a_quiet_pipe_at_once_not_when_its_next_line_comes() throws Exception {
        // Given a replay of a named pipe whose writer sent one line and then fell quiet (journalctl -kf on a quiet host)
        Path fifo = namedPipe("quiet");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String namespace = "it-replay-quiet-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String events = eventsTopic(namespace);
        Path out = dir.resolve("quiet.out");
        Process replay = ai.thinkheads.droptrace.cli.CliJvm.start(out, 120, "replay", fifo.toString(),
                "--bootstrap-servers", bootstrap, "--namespace", namespace, "--output", "json");
        try (java.io.OutputStream writer = Files.newOutputStream(fifo)) {
            writer.write(PIPED_DROP.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            writer.flush();
            awaitOneRecord(bootstrap, events);
            // When SIGTERM comes while the pipe is open and quiet
            for (ProcessHandle jvm : replay.toHandle().descendants().toList()) {
                jvm.destroy();
            }
            // Then the replay ends without waiting for a line, with its summary
            assertThat(replay.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
        } finally {
            if (replay.isAlive()) {
                ai.thinkheads.droptrace.cli.CliJvm.stop(replay, true);
            }
        }
        String said = Files.readString(out);
        JsonNode summary = Json.events().readTree(said.substring(said.indexOf('{')));
        assertThat(summary.get("read").asLong()).as(said).isEqualTo(1);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(1);
        assertThat(summary.get("notes").toString()).contains("stopped by a signal after 1 lines");
    }

    @Test
    void a_paced_replay_cuts_a_pause_of_years_to_the_maximum_wait_and_says_so() throws Exception {
        // Given: a drop, one dated the year 9999 (a broken clock), and one a second after the first
        String drop = "0 6 PVEFW-HOST-IN %s +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 DST=192.0.2.100 LEN=44 "
                + "PROTO=TCP SPT=47120 DPT=22 SYN \n";
        Path file = dir.resolve("pve-firewall.log");
        Files.writeString(file, String.format(drop, "14/Mar/2025:09:13:01") + String.format(drop, "14/Mar/9999:09:13:01")
                + String.format(drop, "14/Mar/2025:09:13:02"));
        // When
        CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-paced", "--speed", "100x", "--max-wait", "1s", "--output", "json");
        CliRun zero = CliRun.of("replay", file.toString(), "--speed", "100x", "--max-wait", "0s");
        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(3);
        assertThat(summary.get("notes").toString()).contains("1 pause(s) of the log longer than --max-wait 1 s were cut to it");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err().strip()).isEqualTo("droptrace: --max-wait must be a positive duration such as 30s or 5m, was PT0S");
    }

    @Test
    void a_paced_replay_sends_a_line_without_a_time_of_its_own_without_a_wait_and_keeps_the_logs_pace() throws Exception {
        // Given: two drops a second apart with a kernel line between them that has no time (timed by its reading)
        String drop = "0 6 PVEFW-HOST-IN %s +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 DST=192.0.2.100 LEN=44 "
                + "PROTO=TCP SPT=47120 DPT=22 SYN \n";
        Path file = dir.resolve("mixed.log");
        Files.writeString(file, String.format(drop, "14/Mar/2025:09:13:01")
                + "IN=vmbr0 OUT= SRC=198.51.100.8 DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47121 DPT=22 SYN\n"
                + String.format(drop, "14/Mar/2025:09:13:02"));
        // When
        CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-paced-untimed", "--speed", "100x", "--max-wait", "1s", "--output", "json");
        // Then: all three sent, and no pause of the log cut: the line read now was no jump from 2025 to today
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(summary.get("parsed").asLong()).isEqualTo(3);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(3);
        assertThat(summary.get("notes").toString()).doesNotContain("pause(s)");
    }

    @Test
    void sigterm_ends_a_replay_early_with_what_was_read_acknowledged_and_the_summary_saying_so() throws Exception {
        // Given 100 drops a second apart, replayed at the log's pace by bin/droptrace as a user runs it
        StringBuilder log = new StringBuilder();
        for (int n = 0; n < 100; n++) {
            log.append(String.format("0 6 PVEFW-HOST-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: IN=vmbr0 "
                    + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=%d SYN %n", n / 60, n % 60, n + 1));
        }
        Path file = Files.writeString(dir.resolve("pve-firewall.log"), log);
        String topic = ai.thinkheads.droptrace.core.topic.Topics.FIREWALL_EVENTS.name(
                ai.thinkheads.droptrace.core.topic.Namespace.of("it-replay-sigterm"));
        Path out = dir.resolve("replay.out");
        Path launcher = Path.of("").toAbsolutePath().resolveSibling("bin").resolve("droptrace");
        Process replay = new ProcessBuilder("timeout", "180", "bash", launcher.toString(), "replay", file.toString(),
                "--speed", "1x", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace",
                "it-replay-sigterm", "--output", "json").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            // When: SIGTERM once two events are in Kafka
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
            while (ai.thinkheads.droptrace.cli.TopicCount.records(SharedKafkaBroker.bootstrapServers(), topic) < 2) {
                assertThat(replay.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("two events within 120 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            for (ProcessHandle jvm : replay.toHandle().descendants().toList()) {
                jvm.destroy(); // SIGTERM to the JVM under timeout and the launcher
            }
            assertThat(replay.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("ends within 60 s").isTrue();
        } finally {
            replay.destroyForcibly();
        }
        // Then: the summary says how far it got, and that much is in Kafka, well short of the 100
        String said = Files.readString(out);
        JsonNode summary = Json.events().readTree(said.substring(said.indexOf('{')));
        long read = summary.get("read").asLong();
        assertThat(read).isBetween(2L, 99L);
        assertThat(summary.get("acknowledged").asLong()).isEqualTo(read);
        assertThat(summary.get("notes").toString()).contains("stopped by a signal after " + read + " lines");
        assertThat(ai.thinkheads.droptrace.cli.TopicCount.records(SharedKafkaBroker.bootstrapServers(), topic))
                .isEqualTo(read);
    }

    @Test
    void from_and_until_send_the_lines_of_their_hour_and_count_the_rest_and_blank_lines_are_no_dead_letters()
            throws Exception {
        // Given drops at 08:59, 09:00 and 10:00 UTC, a status line at 09:30, a line without a time, a blank line
        String drop = "100 6 tap100i0-IN 14/Mar/2025:%s +0000 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.100 "
                + "LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 \n";
        Path file = Files.writeString(dir.resolve("pve-firewall.log"), String.format(drop, "08:59:59")
                + String.format(drop, "09:00:00") + "0 5 - 14/Mar/2025:09:30:00 +0000 starting pvefw logger\n"
                + "garbage\n\n" + String.format(drop, "10:00:00"));
        // When the hour from 09:00 UTC is replayed
        CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-window", "--from", "2025-03-14T10:00:00+01:00", "--until",
                "2025-03-14T10:00:00Z", "--output", "json");
        // Then the drop at 09:00 and the status line go, the line without a time goes as a dead letter, and the
        // two drops outside the hour and the blank line are counted and not sent
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(counts(summary, "read", "parsed", "status", "deadLettered", "blank", "outsideWindow", "acknowledged"))
                .containsExactly(6L, 1L, 1L, 1L, 1L, 2L, 3L);
        // and a window that ends before it starts is a usage error
        CliRun empty = CliRun.of("replay", file.toString(), "--from", "2025-03-14T10:00:00Z", "--until",
                "2025-03-14T09:00:00Z");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err().strip()).isEqualTo("droptrace: --from 2025-03-14T10:00:00Z must be before --until "
                + "2025-03-14T09:00:00Z");
    }

    @Test
    void a_file_without_one_firewall_line_is_dead_lettered_and_exits_9_saying_so() throws Exception {
        // Given: the wrong file
        Path file = dir.resolve("auth.log");
        Files.writeString(file, "Mar 14 09:12:44 pve1 sshd[811]: Accepted publickey for root from 192.0.2.1\n"
                + "Mar 14 09:12:45 pve1 sshd[811]: pam_unix(sshd:session): session opened for user root\n");
        // When
        CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-none", "--year", "2024", "--zone", "UTC");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(9);
        assertThat(run.out()).contains("dead-lettered 2 lines", "acknowledged by Kafka 2");
        assertThat(run.err()).contains("not one of the 2 lines read is a firewall line").doesNotContain("Exception");
    }

    @Test
    void a_truncated_gzip_file_is_one_error_line_naming_it() throws Exception {
        // Given: a gzip file cut in its middle
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(whole)) {
            for (int k = 0; k < 20_000; k++) {
                out.write(("0 6 PVEFW-HOST-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 "
                        + "DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=" + k + " SYN \n").getBytes(
                                java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Path file = dir.resolve("pve-firewall.log.2.gz");
        Files.write(file, java.util.Arrays.copyOf(whole.toByteArray(), whole.size() / 2));
        // When
        CliRun run = CliRun.of("replay", file.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", "it-replay-truncated");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).containsPattern("droptrace: cannot read " + java.util.regex.Pattern.quote(file.toString())
                + ": the gzip data ends early \\(a truncated file, or one still being compressed\\) after line \\d+")
                .doesNotContain("Exception");
    }

    @Test
    void a_file_of_a_set_that_cannot_be_read_stops_the_replay_with_the_summary_of_what_is_in_kafka() throws Exception {
        // Given: a rotated set whose older file is whole and whose newer one is cut in its middle
        Path older = dir.resolve("pve-firewall.log.2.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(older))) {
            for (int k = 0; k < 3; k++) {
                out.write(("0 6 PVEFW-HOST-IN 13/Mar/2025:09:13:02 +0100 policy DROP: IN=vmbr0 SRC=198.51.100.7 "
                        + "DST=192.0.2.100 LEN=44 PROTO=TCP SPT=47120 DPT=" + k + " SYN \n").getBytes(
                                java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Path newer = dir.resolve("pve-firewall.log.1.gz");
        Files.write(newer, java.util.Arrays.copyOf(Files.readAllBytes(older), 15)); // a gzip header cut short
        // When
        CliRun run = CliRun.of("replay", newer.toString(), older.toString(), "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", "it-replay-unreadable", "--output", "json");
        // Then: the three lines of the older file are in Kafka, and the summary says so before the error line
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).as("the summary").contains("\"acknowledged\"");
        JsonNode summary = Json.events().readTree(run.out());
        assertThat(counts(summary, "read", "sent", "acknowledged")).containsExactly(3L, 3L, 3L);
        assertThat(summary.get("notes").toString()).contains("stopped: " + newer + " cannot be read at its start")
                .contains("the 3 records acknowledged are in Kafka");
        assertThat(run.err().strip()).startsWith("droptrace: cannot read " + newer).doesNotContain("Exception");
    }

    @Test
    void a_bad_speed_is_a_usage_error() {
        // When
        CliRun run = CliRun.of("replay", "x.log", "--speed", "fast");
        // Then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--speed");
    }

    /** The summary's numbers under {@code keys}, in their order. */
    private static java.util.List<Long> counts(JsonNode summary, String... keys) {
        return java.util.Arrays.stream(keys).map(key -> summary.get(key).asLong()).toList();
    }
}
