package ai.thinkheads.droptrace.streams.service;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/** Real-broker plumbing for the service integration tests: topics, producing events, reading alerts, HTTP. */
final class ServiceFixture {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceFixture() {
    }

    static void createTopics(String bootstrap, Namespace namespace) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicAdmin(admin, 3, (short) 1, TIMEOUT).ensure(namespace, Topics.all());
        }
    }

    static void produce(String bootstrap, Namespace namespace, List<FirewallEvent> events) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, Topics.FIREWALL_EVENTS.keySerde().serializer(),
                Topics.FIREWALL_EVENTS.valueSerde().serializer())) {
            for (FirewallEvent e : events) {
                producer.send(new ProducerRecord<FlowKey, FirewallEvent>(Topics.FIREWALL_EVENTS.name(namespace), null,
                        e.time().toEpochMilli(), e.flow(), e));
            }
            producer.flush();
        }
    }

    /** Reads alerts (committed ones only) until {@code expected} arrived or the deadline passed. */
    static List<Alert> readAlerts(String bootstrap, Namespace namespace, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Alert> alerts = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS.name(namespace)));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (alerts.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
            }
        }
        return alerts;
    }

    static StreamsSettings streams(String bootstrap, String applicationId, Path stateDir) {
        return new StreamsSettings(bootstrap, applicationId, stateDir, Map.of(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100,
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 500));
    }

    static CorrelationService start(CorrelationSettings settings, StreamsSettings streams) {
        return CorrelationService.start(settings, streams, CorrelationService.ApiSettings.loopback(0), TIMEOUT);
    }

    record Response(int status, String body) {
    }

    static Response get(URI base, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    static String pairPath(PairKey pair, String query) {
        return "/v1/pairs/" + pair.source() + "/" + pair.destination() + "?" + query;
    }
}
