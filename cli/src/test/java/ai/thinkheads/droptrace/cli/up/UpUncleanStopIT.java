package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code droptrace up} stopped by SIGTERM after Kafka refused a line: the exit status says the stop was not clean. */
@ExtendWith(SharedKafkaBroker.class)
class UpUncleanStopIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Path PHOENIX = Path.of("..", "deploy", "examples", "firewall", "phoenix").toAbsolutePath();

    @Test
    void sigterm_after_kafka_refused_a_line_ends_up_with_exit_1_not_the_143_the_unit_counts_as_success(@TempDir Path dir)
            throws Exception {
        // Given: the namespace's dead-letter topic takes records of at most 1,000 bytes (a cluster's max.message.bytes)
        String namespace = "up-unclean-it";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("droptrace." + namespace + ".unparsed", 3, (short) 1)
                    .configs(Map.of("max.message.bytes", "1000")))).all().get(30, TimeUnit.SECONDS);
        }
        Path config = Files.writeString(dir.resolve("up.yaml"), """
                namespace: %s
                stateDir: state
                kafka: {bootstrapServers: "%s", partitions: 1}
                firewall: {configDir: "%s"}
                syslog: {bind: 127.0.0.1, udp: 0}
                correlator: {apiPort: 0}
                statsEvery: 1s
                """.formatted(namespace, SharedKafkaBroker.bootstrapServers(), PHOENIX));
        Path errFile = dir.resolve("up.err");
        Process up = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "ai.thinkheads.droptrace.cli.Main", "up", "--config",
                config.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errFile.toFile()).start();
        try {
            int udp = awaitUdpPort(errFile, up);
            // When: a sender sends a line of 2,000 bytes that is no firewall line (its dead letter is too large for
            // Kafka), the line is read, and up is stopped by SIGTERM
            byte[] junk = ("<4>Mar 14 09:12:44 pve1 sshd: " + new Random(5).ints(2_000, 'a', 'z' + 1)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append))
                    .getBytes(StandardCharsets.UTF_8);
            try (DatagramSocket client = new DatagramSocket()) {
                client.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), udp));
            }
            awaitLine(errFile, up, "1 record sent");
        } finally {
            up.destroy();
            if (!up.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                up.destroyForcibly();
            }
        }
        // Then: it says the stop was not clean, and its exit status says so too
        String err = Files.readString(errFile);
        assertThat(err).contains("droptrace up: log publisher: did not stop cleanly")
                .contains("droptrace up: stopped, not cleanly: see the problems above.");
        assertThat(up.exitValue()).as(err).isEqualTo(ExitCodes.FAILURE);
    }

    private static int awaitUdpPort(Path errFile, Process up) throws Exception {
        Pattern listening = Pattern.compile("syslog udp: listening on udp://127\\.0\\.0\\.1:(\\d+)");
        String err = awaitLine(errFile, up, "running on namespace");
        Matcher m = listening.matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** What up wrote to stderr, once it holds {@code text}. */
    private static String awaitLine(Path errFile, Process up, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String err = "";
        while (System.nanoTime() < deadline && up.isAlive()) {
            err = Files.exists(errFile) ? Files.readString(errFile) : "";
            if (err.contains(text)) {
                return err;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("up did not say '" + text + "':\n" + err);
    }
}
