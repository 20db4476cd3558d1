package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileEnd;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The follower against logrotate's two styles, a missing file at start, and a real broker. */
@ExtendWith(SharedKafkaBroker.class)
class TailRotationIT {

    @TempDir
    Path dir;

    static String line(int n) {
        return String.format("100 6 tap100i0-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                + "PHYSIN=fwln100i0 PHYSOUT=tap100i0 SRC=198.51.100.7 DST=192.0.2.100 LEN=44 TOS=0x00 PREC=0x00 "
                + "TTL=241 ID=%d PROTO=TCP SPT=47120 DPT=%d SEQ=1 ACK=0 WINDOW=1024 SYN %n", n / 60 % 60, n % 60, n,
                10000 + n);
    }

    static String lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int n = from; n < to; n++) {
            text.append(line(n));
        }
        return text.toString();
    }

    static void append(Path file, int from, int to) throws Exception {
        Files.writeString(file, lines(from, to), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void await(String what, LongSupplier value, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (value.getAsLong() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + value.getAsLong() + " < " + expected);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // not spinning: the tail needs the core
        }
    }

    @Test
    void rename_and_copytruncate_rotations_and_a_late_file_lose_no_line_and_repeat_none() throws Exception {
        // Given
        Path log = dir.resolve("pve-firewall.log");
        Namespace ns = Namespace.of("it-tail-" + UUID.randomUUID().toString().substring(0, 8));
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            ensureTopics(bootstrap, ns);
            FileFollower follower = new FileFollower(log, dir.resolve("state.json"),
                    new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters, bootstrap,
                    Duration.ofMillis(20), Clock.systemUTC());
            Thread thread = new Thread(follower, "tail-it");
            thread.start();
            try {
                // When: the file appears late
                append(log, 0, 100);
                await("first lines", counters::read, 100);
                // logrotate by rename (create): a few lines land in the old file after the rename
                Files.move(log, dir.resolve("pve-firewall.log.1"));
                append(dir.resolve("pve-firewall.log.1"), 100, 120);
                append(log, 120, 200);
                await("lines after the rename", counters::read, 200);
                // logrotate copytruncate: copy, truncate in place; wait until the follower saw the truncation
                long rotations = follower.rotationsSeen();
                Files.copy(log, dir.resolve("pve-firewall.log.2"));
                Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                await("the truncation", follower::rotationsSeen, rotations + 1);
                append(log, 200, 300);
                await("lines after the truncation", counters::read, 300);
            } finally {
                follower.stop();
                thread.join(30_000);
            }
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                    Topics.FIREWALL_EVENTS.name(ns), 300, Duration.ofSeconds(60)));
            // Then
            assertThat(events).hasSize(300);
            assertThat(events.stream().map(e -> e.packet().destinationPort()).distinct().count()).isEqualTo(300);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        }
    }

    @Test
    void following_from_the_end_sends_only_new_lines_and_reads_a_half_written_last_line_whole() throws Exception {
        // Given: 50 old lines and the first half of a line being written
        Path log = dir.resolve("pve-firewall.log");
        append(log, 0, 50);
        String half = line(50);
        Files.writeString(log, half.substring(0, 40), StandardOpenOption.APPEND);
        Namespace ns = Namespace.of("it-tail-end-" + UUID.randomUUID().toString().substring(0, 8));
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            ensureTopics(bootstrap, ns);
            FileFollower follower = new FileFollower(log, dir.resolve("state-end.json"),
                    new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters, bootstrap,
                    Duration.ofMillis(20), Clock.systemUTC(), true);
            Thread thread = new Thread(follower, "tail-end-it");
            thread.start();
            try {
                await("the stored start position", () -> Files.exists(dir.resolve("state-end.json")) ? 1 : 0, 1);
                // When: the half line is finished and ten more follow
                Files.writeString(log, half.substring(40), StandardOpenOption.APPEND);
                append(log, 51, 61);
                await("the new lines", counters::read, 11);
            } finally {
                follower.stop();
                thread.join(30_000);
            }
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                    Topics.FIREWALL_EVENTS.name(ns), 11, Duration.ofSeconds(60)));
            // Then
            assertThat(events).extracting(e -> e.packet().destinationPort())
                    .containsExactlyInAnyOrder(10050, 10051, 10052, 10053, 10054, 10055, 10056, 10057, 10058, 10059, 10060);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        }
    }

    @Test
    void from_the_end_as_it_was_a_rename_before_the_follower_starts_loses_no_line_written_since() throws Exception {
        // Given the end of a log taken when the tail started (it then waited for Kafka)
        Path log = dir.resolve("pve-firewall.log");
        append(log, 0, 50);
        FileEnd end = FileEnd.of(log);
        withPublisher("it-tail-end-mv", (ns, publisher, counters) -> {
            // When ten lines follow, the log is renamed (logrotate's create), ten go into the new one, and it starts
            append(log, 50, 60);
            Files.move(log, dir.resolve("pve-firewall.log.1"));
            append(log, 60, 70);
            runFromEnd(log, end, publisher, counters, 20);
            // Then the twenty lines written after the end, not the history
            assertThat(assertDistinct(ns, 20)).allSatisfy(e -> assertThat(e.packet().destinationPort()).isGreaterThanOrEqualTo(10050));
        });
    }

    @Test
    void from_the_end_as_it_was_a_copytruncate_before_the_follower_starts_loses_no_line_written_since() throws Exception {
        // Given the end of a log taken when the tail started (it then waited for Kafka)
        Path log = dir.resolve("pve-firewall.log");
        append(log, 0, 50);
        FileEnd end = FileEnd.of(log);
        withPublisher("it-tail-end-ct", (ns, publisher, counters) -> {
            // When ten lines follow, the log is copied and truncated, twenty go into it, and it starts
            append(log, 50, 60);
            Files.copy(log, dir.resolve("pve-firewall.log.1"));
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            append(log, 60, 80);
            runFromEnd(log, end, publisher, counters, 30);
            // Then the thirty lines written after the end, not the history
            assertThat(assertDistinct(ns, 30)).allSatisfy(e -> assertThat(e.packet().destinationPort()).isGreaterThanOrEqualTo(10050));
        });
    }

    /** Runs a follower of {@code log} from {@code end} (a first run) until it read {@code lines} in all. */
    private void runFromEnd(Path log, FileEnd end, EventPublisher publisher, IngestCounters counters, long lines)
            throws Exception {
        FileFollower follower = new FileFollower(log, dir.resolve("state-from-end.json"),
                new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters, SharedKafkaBroker.bootstrapServers(),
                Duration.ofMillis(20), Clock.systemUTC(), end);
        Thread thread = new Thread(follower, "tail-end-it");
        thread.start();
        try {
            await("lines read", counters::read, lines);
        } finally {
            follower.stop();
            thread.join(30_000);
        }
        assertThat(follower.failure()).isNull();
        assertThat(counters.snapshot(publisher).read()).isEqualTo(lines);
    }

    @Test
    void a_copytruncate_while_the_tail_is_stopped_and_a_file_grown_past_its_position_lose_no_line() throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-ct", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            long stoppedAt = Files.size(log);
            // When: copytruncate while it is stopped, and twice as much written to the file before it starts again
            Files.copy(log, dir.resolve("pve-firewall.log.1"));
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            append(log, 100, 300);
            assertThat(Files.size(log)).isGreaterThan(stoppedAt);
            runUntil(log, publisher, counters, 300, Duration.ofMillis(20), () -> { });
            // Then: the new file read from its start
            assertDistinct(ns, 300);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void a_truncation_while_the_tail_is_stopped_that_left_no_copy_says_lines_may_be_lost() throws Exception {
        // Given a tail that sent 100 lines and stopped, 50 more written, then the file emptied ('> FILE', or a copy
        // put out of the folder) and 20 written into it
        Path log = dir.resolve("pve-firewall.log");
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(FileFollower.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            withPublisher("it-tail-emptied", (ns, publisher, counters) -> {
                append(log, 0, 100);
                runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
                append(log, 100, 150);
                Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                append(log, 150, 170);
                // When it starts again
                runUntil(log, publisher, counters, 120, Duration.ofMillis(20), () -> { });
                // Then the file is read from its start, and the 50 lines no file holds are said (at the default
                // level: WARN), as while it runs; before, only -v showed that the file was shorter
                assertThat(counters.snapshot(publisher).read()).isEqualTo(120);
                assertThat(logged.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                        .containsExactly("the file was truncated while the tail was stopped and no rotated file beside "
                                + "it holds what was read of it; lines written after the stored position before the "
                                + "truncation, if any, were not read");
            });
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void a_copytruncate_and_a_file_grown_past_the_position_between_two_looks_lose_no_line() throws Exception {
        // Given a tail that looks at the file every 3 s and has read its 100 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-ct2", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 300, Duration.ofSeconds(3), () -> {
                // When: between two looks, copytruncate and more lines than before written to the emptied file
                await("the first lines", counters::read, 100);
                Files.copy(log, dir.resolve("pve-firewall.log.1"));
                Files.writeString(log, lines(100, 300), StandardOpenOption.TRUNCATE_EXISTING);
            });
            // Then
            assertDistinct(ns, 300);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void two_rotations_by_logrotate_while_the_tail_is_stopped_lose_no_line_of_the_compressed_file_or_the_one_after_it()
            throws Exception {
        // Given a tail that sent 100 lines and stopped, and a Proxmox host's logrotate settings
        Path log = dir.resolve("pve-firewall.log");
        String settings = "rotate 7\n    compress\n    delaycompress\n    create";
        Namespace ns = withPublisher("it-tail-lr", (namespace, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When: more lines, a rotation, more lines, a second rotation (the file of the position is compressed
            // into .2.gz, a file of its own), more lines; then the tail starts again
            append(log, 100, 150);
            logrotate(log, settings);
            append(log, 150, 200);
            logrotate(log, settings);
            append(log, 200, 250);
            assertThat(dir.resolve("pve-firewall.log.2.gz")).exists();
            runUntil(log, publisher, counters, 250, Duration.ofMillis(20), () -> { });
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
        // Then: every line once, each named by the file it was read from
        List<FirewallEvent> events = assertDistinct(ns, 250);
        Map<Integer, String> sources = new java.util.HashMap<>();
        events.forEach(e -> sources.put(e.packet().destinationPort() - 10000, Path.of(e.origin().source()).getFileName().toString()));
        assertThat(sources.get(120)).isEqualTo("pve-firewall.log.2.gz");
        assertThat(sources.get(170)).isEqualTo("pve-firewall.log.1");
        assertThat(sources.get(220)).isEqualTo("pve-firewall.log");
    }

    @Test
    void a_copytruncate_with_compression_while_the_tail_is_stopped_reads_the_rest_from_the_compressed_copy()
            throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-ctgz", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When: 50 more lines, which only the copy keeps after logrotate's copytruncate (compressed at once),
            // then 30 lines in the emptied file
            append(log, 100, 150);
            logrotate(log, "rotate 3\n    compress\n    copytruncate");
            assertThat(dir.resolve("pve-firewall.log.1.gz")).exists();
            append(log, 150, 180);
            runUntil(log, publisher, counters, 180, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 180);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void a_copytruncate_between_two_looks_reads_the_lines_written_before_it_from_the_copy() throws Exception {
        // Given a tail that looks at the file every 3 s and has read its 100 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-ctlive", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 200, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When: between two looks, 50 lines, logrotate's copytruncate, 50 lines in the emptied file
                append(log, 100, 150);
                logrotate(log, "rotate 3\n    compress\n    delaycompress\n    copytruncate");
                append(log, 150, 200);
            });
            // Then
            assertDistinct(ns, 200);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void two_rotations_between_two_looks_read_the_file_between_them_whole() throws Exception {
        // Given a tail that looks at the file every 3 s and has read its 100 lines
        Path log = dir.resolve("pve-firewall.log");
        String settings = "rotate 7\n    compress\n    delaycompress\n    create";
        withPublisher("it-tail-lr2", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 250, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When: between two looks, lines, a rotation, lines (into a file that is rotated again at once),
                // a second rotation, lines
                append(log, 100, 150);
                logrotate(log, settings);
                append(log, 150, 200);
                logrotate(log, settings);
                append(log, 200, 250);
            });
            // Then
            assertDistinct(ns, 250);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void one_rotation_while_the_tail_is_stopped_reads_the_rest_of_the_renamed_file_then_the_new_one() throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-lr1", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When: lines, one rotation with Proxmox's settings (.1 is the renamed file itself), lines
            append(log, 100, 150);
            logrotate(log, "rotate 7\n    compress\n    delaycompress\n    create");
            append(log, 150, 200);
            runUntil(log, publisher, counters, 200, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 200);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void a_tail_stopped_at_the_start_of_an_empty_file_reads_what_two_rotations_made_of_it() throws Exception {
        // Given a tail that started on an empty file (nothing read, nothing known of it) and stopped
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, "");
        String settings = "rotate 7\n    compress\n    delaycompress\n    create";
        withPublisher("it-tail-empty", (ns, publisher, counters) -> {
            runUntil(log, publisher, counters, 0, Duration.ofMillis(20),
                    () -> await("the stored position", () -> Files.exists(dir.resolve("state.json")) ? 1 : 0, 1));
            // When: lines, a rotation, lines, a rotation, lines
            append(log, 0, 50);
            logrotate(log, settings);
            append(log, 50, 100);
            logrotate(log, settings);
            append(log, 100, 150);
            runUntil(log, publisher, counters, 150, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 150);
        });
    }

    @Test
    void lines_its_writer_still_puts_into_a_renamed_file_are_read() throws Exception {
        // Given a tail that has read its 100 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-late", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 201, Duration.ofMillis(20), () -> {
                await("the first lines", counters::read, 100);
                // When: renamed, the new file written, and a last line into the old one 300 ms later (a logger that
                // finishes before its restart)
                Files.move(log, dir.resolve("pve-firewall.log.1"));
                append(log, 100, 200);
                Thread.sleep(300);
                append(dir.resolve("pve-firewall.log.1"), 200, 201);
            });
            // Then
            assertDistinct(ns, 201);
        });
    }

    @Test
    void a_restart_after_a_truncation_under_a_writer_that_does_not_append_sends_nothing_twice() throws Exception {
        // Given a tail that read 100 lines of a file that was then truncated under a writer that goes on at its
        // offset (a hole of zeros before it), and read its next 50 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-zeroed", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 150, Duration.ofMillis(20), () -> {
                await("the first lines", counters::read, 100);
                long at = Files.size(log);
                Files.copy(log, dir.resolve("pve-firewall.log.1"));
                try (java.io.RandomAccessFile writer = new java.io.RandomAccessFile(log.toFile(), "rw")) {
                    writer.seek(at);
                    truncateUnder(writer);
                    write(writer, 100, 150);
                }
            });
            // When it starts again, and 10 more lines come
            append(log, 150, 160);
            runUntil(log, publisher, counters, 160, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 160);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void a_copytruncate_under_a_writer_that_does_not_append_while_the_tail_is_behind_reads_the_rest_from_the_copy()
            throws Exception {
        // Given a tail that looks every 3 s and has read 100 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-zeroed-behind", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 200, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When, between two looks: 50 more lines, a copy, a truncation under a writer that goes on writing
                // at its offset (a hole of zeros before it), 50 lines from there
                append(log, 100, 150);
                long at = Files.size(log);
                Files.copy(log, dir.resolve("pve-firewall.log.1"));
                try (java.io.RandomAccessFile writer = new java.io.RandomAccessFile(log.toFile(), "rw")) {
                    writer.seek(at);
                    truncateUnder(writer);
                    write(writer, 150, 200);
                }
            });
            // Then: the 50 lines only the copy holds, and no line of zeros
            assertDistinct(ns, 200);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    @Test
    void two_copytruncates_under_a_writer_that_does_not_append_while_the_tail_is_stopped_lose_no_line()
            throws Exception {
        // Given a tail that sent 100 lines and stopped, and a writer that writes at its own offset
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-zeroed-twice", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            try (java.io.RandomAccessFile writer = new java.io.RandomAccessFile(log.toFile(), "rw")) {
                writer.seek(writer.length());
                // When: lines, a copy to .1 and a truncation; lines, .1 to .2, a copy to .1 and a truncation; lines
                write(writer, 100, 150);
                Files.copy(log, dir.resolve("pve-firewall.log.1"));
                truncateUnder(writer);
                write(writer, 150, 200);
                Files.move(dir.resolve("pve-firewall.log.1"), dir.resolve("pve-firewall.log.2"));
                Files.copy(log, dir.resolve("pve-firewall.log.1"));
                truncateUnder(writer);
                write(writer, 200, 250);
            }
            runUntil(log, publisher, counters, 250, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 250);
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
    }

    /** Truncates the file to nothing under {@code writer}, which goes on at its offset (a hole of zeros before it). */
    private static void truncateUnder(java.io.RandomAccessFile writer) throws Exception {
        long at = writer.getFilePointer();
        writer.setLength(0); // moves the writer's offset to 0 too
        writer.seek(at);
    }

    private static void write(java.io.RandomAccessFile writer, int from, int to) throws Exception {
        writer.write(lines(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void a_restart_during_logrotate_reads_what_the_old_writer_still_puts_into_the_renamed_file() throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-restart-rotating", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When it starts again right after a rename, before the old writer was restarted: that writer puts 50
            // more lines into the renamed file 300 ms later, the new one writes 50
            Files.move(log, dir.resolve("pve-firewall.log.1"));
            Files.writeString(log, "");
            runUntil(log, publisher, counters, 200, Duration.ofMillis(20), () -> {
                Thread.sleep(300);
                append(dir.resolve("pve-firewall.log.1"), 100, 150);
                append(log, 150, 200);
            });
            // Then
            assertDistinct(ns, 200);
        });
    }

    @Test
    void a_copytruncate_while_stopped_is_told_when_every_line_ends_alike() throws Exception {
        // Given lines of one length that end alike (one device's mDNS noise), 100 read by a tail that stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-alike", (ns, publisher, counters) -> {
            appendAlike(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When: 20 more, copytruncate, and 150 in the emptied file (past the old position)
            appendAlike(log, 100, 120);
            Files.copy(log, dir.resolve("pve-firewall.log.1"));
            Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            appendAlike(log, 120, 270);
            runUntil(log, publisher, counters, 270, Duration.ofMillis(20), () -> { });
            // Then: every line once (told apart by their time)
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(SharedKafkaBroker.bootstrapServers(),
                    Topics.FIREWALL_EVENTS.name(ns), 270, Duration.ofSeconds(60)));
            assertThat(events).hasSize(270);
            assertThat(events.stream().map(FirewallEvent::time).distinct().count()).isEqualTo(270);
        });
    }

    /** Lines whose last 64 bytes are all the same; only their time (near the start) differs. */
    private static void appendAlike(Path file, int from, int to) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int n = from; n < to; n++) {
            text.append(String.format("100 6 tap100i0-IN 14/Mar/2025:09:%02d:%02d +0100 policy DROP: IN=fwbr100i0 "
                    + "SRC=198.51.100.7 DST=224.0.0.251 LEN=72 TOS=0x00 PREC=0x00 TTL=255 ID=0 DF PROTO=UDP SPT=5353 "
                    + "DPT=5353 LEN=52 %n", n / 60 % 60, n % 60));
        }
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void from_the_end_a_file_that_appears_after_the_start_is_read_from_its_start() throws Exception {
        // Given a tail from the end of a file that is not there yet
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-end-late", (ns, publisher, counters) -> {
            FileFollower follower = new FileFollower(log, dir.resolve("state-late.json"),
                    new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters,
                    SharedKafkaBroker.bootstrapServers(), Duration.ofMillis(200), Clock.systemUTC(), true);
            Thread thread = new Thread(follower, "tail-end-late-it");
            thread.start();
            try {
                Thread.sleep(300);
                // When it appears with 30 lines
                append(log, 0, 30);
                await("the lines", counters::read, 30);
            } finally {
                follower.stop();
                thread.join(30_000);
            }
            // Then: all of them, written after the tail started
            assertDistinct(ns, 30);
        });
    }

    @Test
    void the_same_text_under_another_identity_goes_on_at_the_stored_position() throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-moved", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When the file is replaced by a copy of itself (restored, or /var/log moved to another mount), and grows
            Path copy = dir.resolve("pve-firewall.log.restored");
            Files.copy(log, copy);
            Files.move(copy, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            append(log, 100, 150);
            runUntil(log, publisher, counters, 150, Duration.ofMillis(20), () -> { });
            // Then: the new lines, not the old ones again
            assertDistinct(ns, 150);
        });
    }

    @Test
    void a_stop_in_the_middle_of_a_copy_keeps_the_position_in_it_and_a_restart_reads_its_rest_once() throws Exception {
        // Given a tail that looks every 3 s and has read 100 lines
        Path log = dir.resolve("pve-firewall.log");
        int total = 40_100;
        withPublisher("it-tail-stop-copy", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 5_100, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When, between two looks: 40,000 lines (eight batches), then copytruncate; the tail is stopped once
                // it has read a batch of the copy
                append(log, 100, total);
                Files.copy(log, dir.resolve("pve-firewall.log.1"));
                Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
            });
            long readBeforeStop = counters.read();
            String stored = Files.readString(dir.resolve("state.json"));
            // Then the position is in the copy, not at the start of the live file
            assertThat(readBeforeStop).as("stopped in the middle of the copy").isLessThan(total);
            assertThat(stored).doesNotContain("\"file\":\"" + FileIdentityText.of(log) + "\"");
            // and a restart reads the rest of the copy, each line once
            runUntil(log, publisher, counters, total, Duration.ofMillis(20), () -> { });
            assertDistinct(ns, total);
        });
    }

    @Test
    void a_second_copytruncate_while_the_copy_of_the_first_is_read_loses_no_line() throws Exception {
        // Given a tail that looks every 3 s and has read 100 lines
        Path log = dir.resolve("pve-firewall.log");
        Path copy = dir.resolve("pve-firewall.log.1");
        int total = 40_200;
        withPublisher("it-tail-copy-again", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, total, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When, between two looks: 40,000 lines (eight batches), then copytruncate
                append(log, 100, 40_100);
                Files.copy(log, copy);
                Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                // and, once the tail is reading the copy, 50 lines, copytruncate again (as logrotate: .1 to .2, the
                // log copied to .1 and truncated) and 50 more
                await("a batch of the copy", counters::read, 5_100);
                append(log, 40_100, 40_150);
                Files.move(copy, dir.resolve("pve-firewall.log.2"));
                Files.copy(log, copy);
                Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                append(log, 40_150, total);
                assertThat(counters.read()).as("copied again while the first copy was read").isLessThan(40_100);
            });
            // Then the 50 lines only the second copy holds are read too (before, the tail waited for them for ever)
            assertDistinct(ns, total);
        });
    }

    @Test
    void a_stop_in_the_middle_of_a_catch_up_and_a_restart_read_every_line_once() throws Exception {
        // Given a tail that sent 100 lines and stopped, and two rotations with 40,000 lines in between
        Path log = dir.resolve("pve-firewall.log");
        int total = 40_150;
        String settings = "rotate 7\n    compress\n    delaycompress\n    create";
        withPublisher("it-tail-stop-catchup", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            append(log, 100, total - 50);
            logrotate(log, settings);
            logrotate(log, settings);
            append(log, total - 50, total);
            // When a restart is stopped once it has read a batch of the rotated files, and it starts again
            runUntil(log, publisher, counters, 5_100, Duration.ofMillis(20), () -> { });
            assertThat(counters.read()).as("stopped in the middle of the catch-up").isLessThan(total);
            runUntil(log, publisher, counters, total, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, total);
        });
    }

    @Test
    void a_symbolic_link_whose_target_logrotate_rotates_twice_while_the_tail_is_stopped_loses_no_line()
            throws Exception {
        // Given a tail of log/pve-firewall.log -> ../real/fw.log that sent 100 lines and stopped
        Path real = Files.createDirectory(dir.resolve("real"));
        Path log = linkTo(Files.createDirectory(dir.resolve("log")).resolve("pve-firewall.log"), real.resolve("fw.log"));
        String settings = "rotate 7\n    compress\n    delaycompress\n    create";
        Namespace ns = withPublisher("it-tail-link", (namespace, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When: logrotate rotates the target (it skips links) twice, beside the target, with lines between
            append(log, 100, 150);
            logrotate(real.resolve("fw.log"), settings);
            append(log, 150, 200);
            logrotate(real.resolve("fw.log"), settings);
            append(log, 200, 250);
            assertThat(real.resolve("fw.log.2.gz")).exists();
            runUntil(log, publisher, counters, 250, Duration.ofMillis(20), () -> { });
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        });
        // Then: every line once, the rotated ones named by the files beside the target
        List<FirewallEvent> events = assertDistinct(ns, 250);
        Map<Integer, String> sources = new java.util.HashMap<>();
        events.forEach(e -> sources.put(e.packet().destinationPort() - 10000, e.origin().source()));
        assertThat(sources.get(120)).isEqualTo(real.resolve("fw.log.2.gz").toString());
        assertThat(sources.get(170)).isEqualTo(real.resolve("fw.log.1").toString());
    }

    @Test
    void a_copytruncate_of_a_symbolic_links_target_between_two_looks_reads_the_rest_from_the_copy() throws Exception {
        // Given a tail of a symbolic link that looks every 3 s and has read its 100 lines
        Path real = Files.createDirectory(dir.resolve("real"));
        Path log = linkTo(Files.createDirectory(dir.resolve("log")).resolve("pve-firewall.log"), real.resolve("fw.log"));
        withPublisher("it-tail-link-ct", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 200, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When: between two looks, 50 lines, logrotate's copytruncate of the target, 50 lines
                append(log, 100, 150);
                logrotate(real.resolve("fw.log"), "rotate 3\n    compress\n    delaycompress\n    copytruncate");
                append(log, 150, 200);
            });
            // Then
            assertDistinct(ns, 200);
        });
    }

    @Test
    void rotations_with_start_0_while_the_tail_is_stopped_lose_no_line() throws Exception {
        // fw.log.1.gz holds the position, fw.log.0 the lines after the first rotation
        rotatedTwiceWhileStopped("it-tail-start0", "rotate 7\n    start 0\n    compress\n    delaycompress\n    create",
                "pve-firewall.log.1.gz");
    }

    @Test
    void rotations_with_an_extension_kept_last_while_the_tail_is_stopped_lose_no_line() throws Exception {
        // pve-firewall.2.log.gz holds the position, pve-firewall.1.log the lines after the first rotation
        rotatedTwiceWhileStopped("it-tail-ext",
                "rotate 7\n    extension .log\n    compress\n    delaycompress\n    create", "pve-firewall.2.log.gz");
    }

    /** A tail that sent 100 lines and stopped; lines, a rotation, lines, a rotation, lines; started again. */
    private void rotatedTwiceWhileStopped(String prefix, String settings, String holding) throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher(prefix, (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When
            append(log, 100, 150);
            logrotate(log, settings);
            append(log, 150, 200);
            logrotate(log, settings);
            append(log, 200, 250);
            assertThat(dir.resolve(holding)).exists();
            runUntil(log, publisher, counters, 250, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 250);
        });
    }

    @Test
    void a_rotation_with_dateext_and_an_extension_while_the_tail_is_stopped_loses_no_line() throws Exception {
        // Given a tail that sent 100 lines and stopped
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-dateext", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 100, Duration.ofMillis(20), () -> { });
            // When: lines, one rotation into pve-firewall-YYYYMMDD.log.gz, lines
            append(log, 100, 150);
            logrotate(log, "rotate 7\n    dateext\n    extension .log\n    compress\n    create");
            try (var rotated = Files.list(dir)) {
                assertThat(rotated.map(p -> p.getFileName().toString()))
                        .anyMatch(name -> name.matches("pve-firewall-\\d{8}\\.log\\.gz"));
            }
            append(log, 150, 200);
            runUntil(log, publisher, counters, 200, Duration.ofMillis(20), () -> { });
            // Then
            assertDistinct(ns, 200);
        });
    }

    @Test
    void a_log_replaced_by_a_copy_of_itself_while_the_tail_runs_is_read_on_not_again() throws Exception {
        // Given a tail that has read its 100 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-copied", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 150, Duration.ofMillis(20), () -> {
                await("the first lines", counters::read, 100);
                // When: cp fw.log tmp && mv tmp fw.log, then more lines
                Path copy = dir.resolve("pve-firewall.log.tmp");
                Files.copy(log, copy);
                Files.move(copy, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                awaitStoredIdentityOf(log);
                append(log, 100, 150);
            });
            // Then: the new lines, not the old ones again
            assertDistinct(ns, 150);
        });
    }

    @Test
    void a_symbolic_link_pointed_at_a_copy_of_its_file_while_the_tail_runs_is_read_on_not_again() throws Exception {
        // Given a tail of log/pve-firewall.log -> ../a/fw.log that has read its 100 lines
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Path log = linkTo(Files.createDirectory(dir.resolve("log")).resolve("pve-firewall.log"), a.resolve("fw.log"));
        withPublisher("it-tail-repointed", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 150, Duration.ofMillis(20), () -> {
                await("the first lines", counters::read, 100);
                // When: the file copied to b, the link pointed at the copy (replaced at once), more lines
                Files.copy(a.resolve("fw.log"), b.resolve("fw.log"));
                Path next = Files.createSymbolicLink(dir.resolve("log").resolve("next"), Path.of("../b/fw.log"));
                Files.move(next, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                awaitStoredIdentityOf(log);
                append(log, 100, 150);
            });
            // Then
            assertDistinct(ns, 150);
        });
    }

    @Test
    void a_log_rewritten_with_its_text_up_to_the_position_kept_while_the_tail_runs_is_read_on_from_there()
            throws Exception {
        // Given a tail that looks every 3 s and has read its 100 lines
        Path log = dir.resolve("pve-firewall.log");
        withPublisher("it-tail-rewritten", (ns, publisher, counters) -> {
            append(log, 0, 100);
            runUntil(log, publisher, counters, 150, Duration.ofSeconds(3), () -> {
                await("the first lines", counters::read, 100);
                // When, between two looks: rewritten into a new file as sed -i does, with the lines read and 20 more,
                // then 30 more lines
                Path rewritten = dir.resolve("sedAbC123");
                Files.writeString(rewritten, lines(0, 120));
                Files.move(rewritten, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                append(log, 120, 150);
            });
            // Then: the lines after the position once, the ones before it not again
            assertDistinct(ns, 150);
        });
    }

    /** Waits until the tail stored a position in the file {@code log} names now. */
    private void awaitStoredIdentityOf(Path log) throws Exception {
        String identity = "\"file\":\"" + FileIdentityText.of(log) + "\"";
        await("the position stored in the file " + log + " names now",
                () -> readQuietly(dir.resolve("state.json")).contains(identity) ? 1 : 0, 1);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Makes {@code link} a symbolic link to {@code target} by a relative path, as packages do; returns the link. */
    private static Path linkTo(Path link, Path target) throws Exception {
        return Files.createSymbolicLink(link, link.getParent().relativize(target));
    }

    /** Rotates {@code log} now with the real logrotate and {@code settings} (its own state file in the test's folder). */
    private void logrotate(Path log, String settings) throws Exception {
        Path logrotate = ExternalTool.require("logrotate", "logrotate");
        Path config = dir.resolve("logrotate.conf");
        Files.writeString(config, log.toAbsolutePath() + " {\n    " + settings + "\n}\n");
        ExternalTool.Result result = ExternalTool.run(30, logrotate.toString(), "--force", "--state",
                dir.resolve("logrotate.state").toString(), config.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void a_line_that_is_not_utf8_reaches_the_dead_letters_with_its_bytes() throws Exception {
        // Given a file with a Latin-1 line between two drops
        Path log = dir.resolve("pve-firewall.log");
        byte[] latin1 = "kernel: Gr\u00fc\u00dfe from a device without UTF-8".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        append(log, 0, 1);
        Files.write(log, latin1, StandardOpenOption.APPEND);
        Files.write(log, new byte[] {'\n'}, StandardOpenOption.APPEND);
        append(log, 1, 2);
        Namespace ns = withPublisher("it-tail-bytes", (namespace, publisher, counters) -> {
            // When
            runUntil(log, publisher, counters, 3, Duration.ofMillis(20), () -> { });
        });
        // Then
        List<UnparsedLine> dead = TopicRecords.values(TopicRecords.read(SharedKafkaBroker.bootstrapServers(),
                Topics.UNPARSED.name(ns), 1, Duration.ofSeconds(60)), UnparsedLine.class);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).line()).isEqualTo("kernel: Gr\uFFFD\uFFFDe from a device without UTF-8");
        assertThat(dead.get(0).bytes()).isEqualTo(latin1);
    }

    /** Runs a follower of {@code log} (state in the test's folder) until it read {@code lines} in all, doing {@code meanwhile}. */
    private void runUntil(Path log, EventPublisher publisher, IngestCounters counters, long lines, Duration poll,
            ThrowingRunnable meanwhile) throws Exception {
        FileFollower follower = new FileFollower(log, dir.resolve("state.json"),
                new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters, SharedKafkaBroker.bootstrapServers(),
                poll, Clock.systemUTC());
        Thread thread = new Thread(follower, "tail-it");
        thread.start();
        try {
            meanwhile.run();
            await("lines read", counters::read, lines);
        } finally {
            follower.stop();
            thread.join(30_000);
        }
        assertThat(follower.failure()).isNull();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A publisher into a fresh namespace of the shared broker, its topics made; returns the namespace. */
    private static Namespace withPublisher(String prefix, WithPublisher body) throws Exception {
        Namespace ns = Namespace.of(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            ensureTopics(bootstrap, ns);
            body.run(ns, publisher, new IngestCounters());
        }
        return ns;
    }

    interface WithPublisher {
        void run(Namespace ns, EventPublisher publisher, IngestCounters counters) throws Exception;
    }

    /** The identity of a file as the state file writes it. */
    private static final class FileIdentityText {
        static String of(Path file) throws Exception {
            return ai.thinkheads.droptrace.ingest.tail.FileIdentity.of(file).text();
        }
    }

    private static List<FirewallEvent> assertDistinct(Namespace ns, int lines) {
        List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(SharedKafkaBroker.bootstrapServers(),
                Topics.FIREWALL_EVENTS.name(ns), lines, Duration.ofSeconds(60)));
        assertThat(events).hasSize(lines);
        assertThat(events.stream().map(e -> e.packet().destinationPort()).distinct().count()).isEqualTo(lines);
        return events;
    }

    static void ensureTopics(String bootstrap, Namespace ns) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new TopicAdmin(admin, 3, (short) 1, Duration.ofSeconds(30)).ensure(ns, Topics.all());
        }
    }
}
