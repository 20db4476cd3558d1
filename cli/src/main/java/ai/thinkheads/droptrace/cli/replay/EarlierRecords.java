package ai.thinkheads.droptrace.cli.replay;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a namespace holds before a replay sends into it: a replay keeps no position, so the same files replayed
 * twice (a second run to be sure, a set replayed again with one more file) put every line in twice, and the
 * correlator counts each drop twice, without a word. The demo refuses such a namespace; a replay says so, because
 * replaying the rest of a stopped replay into it ({@code --from}) is what it is for.
 */
final class EarlierRecords {

    private static final List<TopicSpec<?, ?>> WRITTEN = List.of(Topics.FIREWALL_EVENTS, Topics.LOGGER_STATUS,
            Topics.UNPARSED);

    private EarlierRecords() {
    }

    /**
     * The warning for a namespace whose topics the replay writes hold records already, or {@code null} when they hold
     * none (or Kafka does not say within {@code timeout}: the warning is not worth a replay).
     */
    static String warning(String bootstrapServers, Namespace namespace, Duration timeout) {
        long records;
        try (Admin admin = Admin.create(KafkaClientSettings.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers)))) {
            records = count(admin, namespace, timeout);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return records == 0 ? null : String.format("namespace %s holds %,d record(s) already (an earlier replay?): "
                + "this replay adds to them, and a line replayed into it before is there twice, counted twice by the "
                + "correlator; replay into a new --namespace to analyse these files alone", namespace, records);
    }

    private static long count(Admin admin, Namespace namespace, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<String> topics = WRITTEN.stream().map(spec -> spec.name(namespace)).toList();
        Map<String, org.apache.kafka.clients.admin.TopicDescription> described = admin.describeTopics(topics)
                .allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(p -> {
            earliest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
        }));
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return ends.entrySet().stream().mapToLong(e -> e.getValue().offset() - starts.get(e.getKey()).offset()).sum();
    }
}
