package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads firewall events from the JSON bytes they arrive as, once, before the repartition. An
 * unreadable record is skipped with one warning (never its payload); it cannot stop the topology.
 */
final class EventReader {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventReader.class);

    private final Deserializer<FirewallEvent> deserializer;
    private final String topic;

    EventReader(Serde<FirewallEvent> serde, String topic) {
        this.deserializer = serde.deserializer();
        this.topic = topic;
    }

    /** The event, or {@code null} (with a warning) when the bytes are not a firewall event. */
    FirewallEvent read(byte[] json) {
        try {
            return deserializer.deserialize(topic, json);
        } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
            LOGGER.atWarn().addKeyValue("topic", topic).addKeyValue("error", e.getMessage())
                    .log("skipped a record that is not a firewall event");
            return null;
        }
    }
}
