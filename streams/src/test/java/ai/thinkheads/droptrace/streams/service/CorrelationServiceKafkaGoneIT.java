package ai.thinkheads.droptrace.streams.service;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running correlator whose Kafka goes away says so (a line, and its health answer), keeps running through the
 * outage, and goes on once Kafka is back (its own broker, stopped and started again: the shared one stays).
 */
class CorrelationServiceKafkaGoneIT {

    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String RANGE = "from=2025-11-20T14:00:00Z&to=2025-11-20T15:00:00Z";

    @TempDir
    Path dir;

    @Test
    void kafka_gone_is_said_and_in_the_health_answer_and_the_correlator_goes_on_once_it_is_back() throws Exception {
        // Given: a correlator whose transactions' commits time out after 3 s without Kafka, told to say a silence of 2 s
        Namespace ns = Namespace.of("it-kafka-gone");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
        String bootstrap = broker.bootstrapServers();
        List<String> notices = new CopyOnWriteArrayList<>();
        CorrelationService service = null;
        try (ShutdownSignal signal = ShutdownSignal.manual()) {
            ServiceFixture.createTopics(bootstrap, ns);
            StreamsSettings streams = ServiceFixture.streams(bootstrap, "droptrace-it-kafka-gone", dir.resolve("state"));
            Map<String, Object> extra = new HashMap<>(streams.extra());
            extra.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), 3000);
            service = CorrelationService.start(CorrelationSettings.defaults(ns),
                    new StreamsSettings(bootstrap, streams.applicationId(), streams.stateDir(), extra),
                    CorrelationService.ApiSettings.loopback(0), ServiceFixture.TIMEOUT, signal, notices::add,
                    Duration.ofSeconds(2));
            CorrelationService running = service;
            // When: events are being processed as the broker stops
            List<FirewallEvent> before = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                before.add(drop("10.0.0.153", "10.0.0." + (20 + i % 5), 8443, T0.plusSeconds(i)));
            }
            ServiceFixture.produce(bootstrap, ns, before);
            broker.close();
            await(() -> notices.size() >= 1);
            // Then: said once, and the health answer says it too
            assertThat(notices).hasSize(1);
            assertThat(notices.get(0)).startsWith("Kafka at " + bootstrap + " has not answered for ")
                    .contains("still running");
            assertThat(health(running).path("kafka").asText()).startsWith("not answering since ");
            // When: the outage lasts long enough for a commit to time out twice, then the broker is back on its data
            Thread.sleep(10_000);
            broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).start();
            await(() -> notices.size() >= 2);
            // Then: said, and the correlator is still there and goes on with what comes after
            assertThat(notices).hasSize(2);
            assertThat(notices.get(1)).startsWith("Kafka at " + bootstrap + " answers again, after ");
            assertThat(health(running).path("kafka").asText()).isEqualTo("answering");
            ServiceFixture.produce(bootstrap, ns, List.of(drop("10.0.0.153", "10.0.0.99", 8443, T0.plusSeconds(60))));
            await(() -> seen(running, new PairKey("10.0.0.153", "10.0.0.99")));
            assertThat(seen(running, new PairKey("10.0.0.153", "10.0.0.99")))
                    .as("an event sent after the outage is correlated").isTrue();
        } finally {
            if (service != null) {
                service.close();
            }
            broker.close();
        }
    }

    private static JsonNode health(CorrelationService service) throws Exception {
        return Json.events().readTree(ServiceFixture.get(service.apiUri(), "/v1/health").body());
    }

    private static boolean seen(CorrelationService service, PairKey pair) {
        try {
            var answer = ServiceFixture.get(service.apiUri(), ServiceFixture.pairPath(pair, RANGE));
            return answer.status() == 200 && Json.events().readTree(answer.body()).path("seen").asBoolean();
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
