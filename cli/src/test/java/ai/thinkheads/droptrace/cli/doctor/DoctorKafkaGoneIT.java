package ai.thinkheads.droptrace.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.OwnBroker;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code droptrace doctor --bootstrap-servers} whose Kafka goes away during the run: the verdicts cannot be read,
 * and doctor says it was Kafka (exit 4), not a correlator that needed a longer --grace.
 */
class DoctorKafkaGoneIT {

    private static final String RESULTS = "droptrace.kafka-gone-it.probe-results";

    @TempDir
    Path dir;

    @Test
    void kafka_gone_during_the_run_is_said_and_ends_4() throws Exception {
        // Given a Kafka of its own and a check that fails on the network (a closed loopback port: REFUSED), so that
        // its verdict waits the grace (30 s) for late log lines (a failed command's verdict is decided at once, and
        // on a loaded machine came before this test had closed the broker)
        EmbeddedKafkaBroker broker = OwnBroker.start(dir);
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: phoenix, addresses: [127.0.0.1]}
                probes:
                  - {id: fails, to: 127.0.0.1, kind: tcp, port: %d, timeout: 5s}
                """.formatted(closed));
        Path out = dir.resolve("doctor.out");
        Process run = CliJvm.start(out, 280, "doctor", "--config", config.toString(), "--config-dir",
                DoctorCommandTest.PHOENIX.toString(), "--bootstrap-servers", broker.bootstrapServers(), "--namespace",
                "kafka-gone-it", "--grace", "30s");
        try {
            awaitResult(broker.bootstrapServers(), run, out);

            // When Kafka goes away once the result is in, before the verdict
            broker.close();

            // Then the report is printed, and stderr says why the failed check has no verdict; exit 4
            assertThat(run.waitFor(240, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
            String said = Files.readString(out);
            assertThat(said).contains("1 check: 0 passed, 1 failed.")
                    .contains("droptrace doctor: Kafka at " + broker.bootstrapServers() + " stopped answering during "
                            + "the run (")
                    .contains("the verdicts of fails could not be read, so they show NO_VERDICT");
            assertThat(run.exitValue()).as(said).isEqualTo(4);
        } finally {
            CliJvm.stop(run, true);
            broker.close();
        }
    }

    @Test
    void sigterm_after_kafka_went_away_still_says_the_run_was_stopped() throws Exception {
        // Given doctor on a Kafka of its own, a probe command running, and that Kafka gone
        EmbeddedKafkaBroker broker = OwnBroker.start(dir);
        Path config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: phoenix, addresses: [127.0.0.1]}
                probes:
                  - {id: slow, kind: exec, timeout: 2m, exec: {command: [sleep, "97"]}}
                """);
        Path out = dir.resolve("doctor.out");
        Process run = CliJvm.start(out, 280, "doctor", "--config", config.toString(), "--config-dir",
                DoctorCommandTest.PHOENIX.toString(), "--bootstrap-servers", broker.bootstrapServers());
        try {
            ProcessHandle jvm = CliJvm.jvm(run);
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (jvm.children().findAny().isEmpty()) {
                assertThat(run.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("the probe started: %s", Files.readString(out)).isLessThan(deadline);
                Thread.sleep(50);
            }
            broker.close();

            // When the JVM gets SIGTERM (its cleanup now waits for a Kafka that is not there)
            jvm.destroy();
            jvm.onExit().orTimeout(90, TimeUnit.SECONDS).join();
            run.waitFor(30, TimeUnit.SECONDS);

            // Then it still says that it stopped before the diagnosis, and ends with SIGTERM's status
            assertThat(Files.readString(out)).contains("droptrace doctor: stopped before the diagnosis was complete");
        } finally {
            CliJvm.stop(run, true);
            broker.close();
        }
    }

    /** Waits (at most 90 s) until the probe's result is on the namespace's probe-results topic. */
    private static void awaitResult(String bootstrapServers, Process run, Path out) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            while (true) {
                assertThat(run.isAlive()).as(Files.readString(out)).isTrue();
                assertThat(System.nanoTime()).as("the result published: %s", Files.readString(out))
                        .isLessThan(deadline);
                if (consumer.listTopics(Duration.ofSeconds(2)).containsKey(RESULTS)) {
                    if (consumer.assignment().isEmpty()) {
                        consumer.assign(List.of(new TopicPartition(RESULTS, 0)));
                    }
                    if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                        return;
                    }
                } else {
                    Thread.sleep(100);
                }
            }
        }
    }
}
