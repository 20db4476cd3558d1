package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.OwnBroker;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** probe run on its schedule while its Kafka goes away: the probes go on, and the end says what Kafka did not take. */
class ProbeRunKafkaGoneIT {

    private static final Pattern OPEN = Pattern.compile(" web +ok ");

    @TempDir
    Path dir;

    @Test
    void the_schedule_goes_on_printing_while_kafka_is_gone_and_the_stop_says_what_kafka_did_not_take() throws Exception {
        // Given a probe run every second, publishing to a Kafka of its own
        EmbeddedKafkaBroker broker = OwnBroker.start(dir);
        Path out = dir.resolve("run.out");
        Process run = null;
        try (ServerSocket web = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path config = Files.writeString(dir.resolve("probes.yaml"), """
                    site:
                      host: {name: testhost, addresses: [127.0.0.1]}
                    defaults: {interval: 1s, timeout: 1s}
                    probes:
                      - {id: web, to: 127.0.0.1, kind: tcp, port: %d}
                    """.formatted(web.getLocalPort()));
            run = CliJvm.start(out, 280, "probe", "run", "--config", config.toString(), "--bootstrap-servers",
                    broker.bootstrapServers(), "--namespace", "kafka-gone-it");
            awaitResults(out, run, 2);

            // When Kafka goes away
            broker.close();
            int before = results(out);

            // Then the probe goes on, and its results are printed (each send used to hold the schedule for 60 s)
            awaitResults(out, run, before + 5);

            // When it is stopped
            CliJvm.stop(run, false);

            // Then the summary comes, and one line says how many results Kafka did not take
            String said = Files.readString(out);
            assertThat(said).containsPattern("\\d+ probe runs\\.")
                    .containsPattern("droptrace: Kafka did not accept \\d+ of \\d+ probe results on "
                            + "droptrace\\.kafka-gone-it\\.probe-results")
                    .doesNotContain("Exception");
            assertThat(run.exitValue()).as("Kafka's exit code, not SIGTERM's 143").isEqualTo(4);
        } finally {
            if (run != null) {
                CliJvm.stop(run, true);
            }
            broker.close();
        }
    }

    private static void awaitResults(Path out, Process run, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (results(out) < count) {
            assertThat(run.isAlive()).as(Files.readString(out)).isTrue();
            assertThat(System.nanoTime()).as("%d results printed: %s", count, Files.readString(out)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int results(Path out) throws Exception {
        Matcher m = OPEN.matcher(Files.readString(out));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
