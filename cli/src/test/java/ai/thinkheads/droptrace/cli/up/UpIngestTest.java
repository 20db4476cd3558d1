package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class UpIngestTest {

    @Test
    void a_log_keeps_one_position_however_tail_files_spells_its_path(@TempDir Path dir) throws Exception {
        // Given
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\ntail: {files: [fw.log]}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir, new KafkaOptions());
        // When
        Path plain = UpIngest.stateFile(settings, dir.resolve("fw.log"));
        // Then
        assertThat(UpIngest.stateFile(settings, dir.resolve("./fw.log"))).isEqualTo(plain);
        assertThat(UpIngest.stateFile(settings, dir.resolve("sub/../fw.log"))).isEqualTo(plain);
    }

    @Test
    void a_tail_file_not_there_yet_is_said_in_up_s_own_status_line_not_as_a_logger_warning(@TempDir Path dir)
            throws Exception {
        // Given a followed file that is not there (nothing is sent: no broker is needed)
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nstatsEvery: 0s\ntail: {files: [fw.log], poll: 10ms}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir, new KafkaOptions());
        StringWriter err = new StringWriter();
        Logger logger = (Logger) LoggerFactory.getLogger(FileFollower.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (RunningParts parts = new RunningParts(new PrintWriter(err))) {
            UpIngest ingest = new UpIngest(settings, "127.0.0.1:9", parts, ShutdownSignal.manual());
            // When
            ingest.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (log.list.stream().noneMatch(e -> e.getFormattedMessage().contains("waiting for the file"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            logger.detachAppender(log);
        }
        // Then: up's line says it waits (it said 'following'), and the follower's own line is for -v, not a WARN
        assertThat(err.toString()).contains("droptrace up: tail " + dir.resolve("fw.log")
                + ": waiting for the file to appear (position in ").doesNotContain(": following");
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("waiting for the file")).singleElement()
                .extracting(ILoggingEvent::getLevel).isEqualTo(Level.INFO);
        assertThat(log.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    @Test
    void a_tail_that_fails_stops_up_with_one_line_naming_the_file_and_why_and_the_stop_is_not_clean(@TempDir Path dir)
            throws Exception {
        // Given a followed file whose position file is not one droptrace wrote (nothing is sent: no broker is needed)
        Files.writeString(dir.resolve("fw.log"), "x\n");
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nstatsEvery: 0s\ntail: {files: [fw.log], poll: 10ms}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir, new KafkaOptions());
        StringWriter err = new StringWriter();
        ShutdownSignal signal = ShutdownSignal.manual();
        RunningParts parts = new RunningParts(new PrintWriter(err));
        try (parts) {
            UpIngest ingest = new UpIngest(settings, "127.0.0.1:9", parts, signal);
            Files.writeString(ingest.stateFile(dir.resolve("fw.log")), "[1, 2");
            // When
            ingest.start();
            // Then up is asked to stop, and says why
            assertThat(signal.await(Duration.ofSeconds(10))).as(err.toString()).isTrue();
            assertThat(ingest.failure()).startsWith("stopped following " + dir.resolve("fw.log") + ": ")
                    .contains("is not a tail position droptrace wrote (").doesNotContain("\n");
        }
        assertThat(parts.clean()).isFalse();
        assertThat(err.toString()).contains("droptrace up: tail " + dir.resolve("fw.log") + ": failed (")
                .contains("); stopping");
    }

    @Test
    void a_stop_with_kafka_not_answering_says_what_was_not_acknowledged_and_is_not_clean(@TempDir Path dir)
            throws Exception {
        // Given a syslog receiver whose Kafka never answers (nothing listens on port 9)
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nstatsEvery: 0s\nsyslog: {bind: 127.0.0.1, udp: 0}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir, new KafkaOptions());
        StringWriter err = new StringWriter();
        RunningParts parts = new RunningParts(new PrintWriter(err));
        try (parts) {
            UpIngest ingest = new UpIngest(settings, "127.0.0.1:9", parts, ShutdownSignal.manual());
            ingest.start();
            Matcher port = Pattern.compile("syslog udp: listening on udp://127\\.0\\.0\\.1:(\\d+)").matcher(err.toString());
            assertThat(port.find()).as(err.toString()).isTrue();
            // When a line comes in, and the stop follows
            byte[] line = "<4>Nov 27 02:00:00 pve2 kernel: IN=eth0 OUT= SRC=10.9.9.9 DST=10.9.9.8 LEN=40 PROTO=UDP SPT=1 DPT=53"
                    .getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket sender = new DatagramSocket()) {
                sender.send(new DatagramPacket(line, line.length, InetAddress.getLoopbackAddress(),
                        Integer.parseInt(port.group(1))));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ingest.syslogStats().get(UpIngest.SYSLOG_SENDERS).equals(0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ingest.syslogStats()).containsEntry(UpIngest.SYSLOG_SENDERS, 1);
        }
        // Then
        assertThat(parts.clean()).isFalse();
        assertThat(err.toString()).containsPattern("droptrace up: (log publisher: 1 record not acknowledged by Kafka "
                + "within 15 s of the stop: the syslog receivers' are lost|syslog udp: 1 datagram received, not sent "
                + "to Kafka within 5 s of the stop \\(lost\\))");
    }

    @Test
    void udp_datagrams_dropped_while_kafka_does_not_take_them_are_said_in_the_stats_line(@TempDir Path dir)
            throws Exception {
        // Given a syslog receiver whose Kafka never answers (nothing listens on port 9): its queue fills
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nstatsEvery: 0s\nsyslog: {bind: 127.0.0.1, udp: 0}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir, new KafkaOptions());
        StringWriter err = new StringWriter();
        try (RunningParts parts = new RunningParts(new PrintWriter(err))) {
            UpIngest ingest = new UpIngest(settings, "127.0.0.1:9", parts, ShutdownSignal.manual());
            ingest.start();
            Matcher port = Pattern.compile("syslog udp: listening on udp://127\\.0\\.0\\.1:(\\d+)").matcher(err.toString());
            assertThat(port.find()).as(err.toString()).isTrue();
            // When more large datagrams come than the queue (64 MiB at most) and the socket's buffer hold
            byte[] big = new byte[60_000];
            java.util.Arrays.fill(big, (byte) 'x');
            try (DatagramSocket sender = new DatagramSocket()) {
                for (int k = 0; k < 1_500; k++) {
                    sender.send(new DatagramPacket(big, big.length, InetAddress.getLoopbackAddress(),
                            Integer.parseInt(port.group(1))));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lostInStats(ingest) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Then up's stats line says them (before, up counted them nowhere it said)
            assertThat(lostInStats(ingest)).as(ingest.syslogStats().toString()).isPositive();
        }
    }

    private static long lostInStats(UpIngest ingest) {
        java.util.Map<ai.thinkheads.droptrace.cli.ingest.SummaryField, Object> stats = ingest.syslogStats();
        return ((Number) stats.getOrDefault(UpIngest.UDP_DROPPED, 0L)).longValue()
                + ((Number) stats.getOrDefault(UpIngest.UDP_DROPPED_BY_KERNEL, 0L)).longValue();
    }
}
