package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads firewall events from the JSON bytes they arrive as, once, before the repartition. An
 * unreadable record becomes a dead letter (reason, its bytes as text, topic-partition and offset)
 * for the {@code unparsed} topic, with one warning (never its payload); it cannot stop the topology.
 */
final class EventReader implements FixedKeyProcessor<FlowKey, byte[], EventReader.Read> {

    private static final Logger LOGGER = LoggerFactory.getLogger(EventReader.class);

    /** Either the event or, for a record that is not one, its dead letter. */
    record Read(FirewallEvent event, UnparsedLine deadLetter) {
    }

    private final Deserializer<FirewallEvent> deserializer;
    private final String topic;
    private FixedKeyProcessorContext<FlowKey, Read> context;

    EventReader(Serde<FirewallEvent> serde, String topic) {
        this.deserializer = serde.deserializer();
        this.topic = topic;
    }

    @Override
    public void init(FixedKeyProcessorContext<FlowKey, Read> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<FlowKey, byte[]> record) {
        try {
            // The plain form is read without data binding; anything else (and every error) by the serde.
            FirewallEvent event = EventJsonReader.read(record.value());
            if (event == null) {
                event = deserializer.deserialize(topic, record.value());
            }
            context.forward(record.withValue(new Read(event, null)));
        } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
            LOGGER.atWarn().addKeyValue("topic", topic).addKeyValue("error", e.getMessage())
                    .log("a record that is not a firewall event went to the dead-letter topic");
            String where = context.recordMetadata().map(m -> m.topic() + "-" + m.partition()).orElse(topic);
            long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
            UnparsedLine dead = UnparsedLine.of(Instant.now(), "not a firewall event: " + e.getMessage(),
                    new String(record.value(), StandardCharsets.UTF_8), Origin.of(where, offset));
            context.forward(record.withValue(new Read(null, dead)));
        }
    }
}
