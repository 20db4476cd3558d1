package ai.thinkheads.droptrace.core.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Client settings a user gives for the Kafka cluster (the command line's {@code --kafka-config FILE}):
 * TLS, SASL and the like, which every Kafka client droptrace creates (producers, consumers, admin
 * clients, Kafka Streams) takes. Set once when a command starts, before any client is made.
 *
 * <p>The settings droptrace makes itself for its clients to work (where the cluster is, how records
 * are serialised, who the client is) stay droptrace's: {@link #DROPTRACE_KEYS}, and every key ending in
 * {@code .serializer}, {@code .deserializer} or {@code .serde}. Anything else in the file is added, and
 * wins over droptrace's tuning (a user who sets {@code compression.type} gets it).
 */
public final class KafkaClientSettings {

    /** The keys a user's file cannot change. */
    public static final Set<String> DROPTRACE_KEYS = Set.of("bootstrap.servers", "application.id", "group.id",
            "client.id", "transactional.id", "enable.idempotence", "acks", "processing.guarantee",
            "enable.auto.commit", "isolation.level", "auto.offset.reset");

    private static volatile Map<String, String> user = Map.of();

    private KafkaClientSettings() {
    }

    /** The user's settings from now on (an empty map for none), without the keys droptrace keeps ({@link #reserved}). */
    public static void use(Map<String, String> settings) {
        Map<String, String> kept = new HashMap<>(Objects.requireNonNull(settings, "settings"));
        kept.keySet().removeIf(KafkaClientSettings::reserved);
        user = Map.copyOf(kept);
    }

    /** The user's settings now in use. */
    public static Map<String, String> current() {
        return user;
    }

    /** Whether {@code key} is one droptrace sets for its clients to work, which a user's file cannot change. */
    public static boolean reserved(String key) {
        return DROPTRACE_KEYS.contains(key) || key.endsWith(".serializer") || key.endsWith(".deserializer")
                || key.endsWith(".serde");
    }

    /** {@code config} with the user's settings added (a new map; droptrace's own keys stay as they are). */
    public static Map<String, Object> with(Map<String, ?> config) {
        Map<String, Object> merged = new HashMap<>(config);
        merged.putAll(user);
        return merged;
    }
}
