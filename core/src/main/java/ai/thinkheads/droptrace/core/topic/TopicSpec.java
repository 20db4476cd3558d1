package ai.thinkheads.droptrace.core.topic;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic declared once: its name within a namespace, the serdes of its key and value, and the
 * topic-level configuration it must be created with.
 */
public record TopicSpec<K, V>(String suffix, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> config) {

    public TopicSpec {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        config = Map.copyOf(config);
    }

    public String name(Namespace namespace) {
        return namespace.topic(suffix);
    }
}
