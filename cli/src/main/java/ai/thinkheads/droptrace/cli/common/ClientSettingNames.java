package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.core.text.EditDistance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The names of the settings of the Kafka clients droptrace makes (producers, consumers, admin clients, Kafka
 * Streams), to name a {@code --kafka-config} key that is none of them: Kafka's clients take any key and ignore the
 * ones they do not know, saying so only in a WARN line droptrace does not show, so {@code ssl.truststore.locaton}
 * left the truststore unset without a word, and the failure that followed named something else.
 */
final class ClientSettingNames {

    private static final Set<String> KNOWN = known();
    /** Prefixes Kafka Streams takes for the settings of one of its clients, followed by such a setting. */
    private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);
    /** Prefixes of keys whose rest is free: topic settings of Kafka Streams' internal topics, config providers. */
    private static final List<String> OPEN_PREFIXES = List.of(StreamsConfig.TOPIC_PREFIX, "config.providers.");

    private ClientSettingNames() {
    }

    /** Whether {@code key} is a setting of one of the clients, as it is or behind a Kafka Streams client prefix. */
    static boolean known(String key) {
        if (KNOWN.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
            return true;
        }
        return CLIENT_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && KNOWN.contains(key.substring(p.length())));
    }

    /** The known name nearest to {@code key} (at most two letters added, left out or changed), or {@code null}. */
    static String nearest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String name : KNOWN) {
            int distance = EditDistance.within(key, name, 3);
            if (distance < bestDistance || distance < 3 && distance == bestDistance && name.compareTo(best) < 0) {
                best = name;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>(AdminClientConfig.configNames());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(StreamsConfig.configDef().names());
        return Set.copyOf(names);
    }
}
