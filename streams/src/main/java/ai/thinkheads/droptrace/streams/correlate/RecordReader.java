package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an input topic's records (firewall events, probe results) from the JSON bytes they arrive
 * as, once. An unreadable record becomes a dead letter (reason, its bytes as text and, when they are
 * not UTF-8, as they were, topic-partition and offset) for the {@code unparsed} topic, with one warning (never its payload); it cannot stop
 * the topology. So does a record that reads but cannot be keyed (a port above 65535, a '|' in an
 * address: the flow and pair keys refuse them), which would otherwise stop the stream thread at
 * every start. So does a record of a schema newer than this droptrace reads (a newer producer's: read as the
 * old schema it would be misread, or fail on a field it no longer has). So does a record whose key cannot be read (a foreign producer's): Kafka Streams' handler would
 * skip it with a log line only.
 *
 * @param <K> the record key, read from its bytes
 * @param <V> what the records hold
 */
final class RecordReader<K, V> implements FixedKeyProcessor<byte[], byte[], RecordReader.Read<K, V>> {

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordReader.class);

    /** Either the key and value or, for a record that is not one, its dead letter. */
    record Read<K, V>(K key, V value, UnparsedLine deadLetter) {
    }

    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> deserializer;
    private final Consumer<V> keyable;
    private final ToIntFunction<V> schemaOf;
    private final int schema;
    private final String topic;
    private final String what;
    private FixedKeyProcessorContext<byte[], Read<K, V>> context;

    /**
     * @param keyable throws {@link IllegalArgumentException} when a value read cannot be keyed as the topology keys it
     * @param schemaOf a value's schema version
     * @param schema the newest schema version this droptrace reads
     * @param what what a record should be, for the dead letter's reason ({@code firewall event})
     */
    RecordReader(Serde<K> keySerde, Serde<V> serde, Consumer<V> keyable, ToIntFunction<V> schemaOf, int schema,
            String topic, String what) {
        this.keyDeserializer = keySerde.deserializer();
        this.deserializer = serde.deserializer();
        this.keyable = keyable;
        this.schemaOf = schemaOf;
        this.schema = schema;
        this.topic = topic;
        this.what = what;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Read<K, V>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
        K key;
        try {
            key = keyDeserializer.deserialize(topic, record.key());
        } catch (SerializationException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            deadLetter(record, "its key cannot be read: " + why, e);
            return;
        }
        try {
            V value = deserializer.deserialize(topic, record.value());
            if (value != null) {
                if (schemaOf.applyAsInt(value) > schema) {
                    throw new IllegalArgumentException(newer(schemaOf.applyAsInt(value)));
                }
                keyable.accept(value);
            }
            context.forward(record.withValue(new Read<>(key, value, null)));
        } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
            // A newer schema is the reason a record of it does not read (a field it no longer has), not that field.
            int its = e instanceof JsonSerde.UnreadableRecord ? schemaIn(record.value()) : 0;
            deadLetter(record, its > schema ? newer(its)
                    : e instanceof JsonSerde.UnreadableRecord unreadable ? unreadable.reason() : e.getMessage(), e);
        }
    }

    private String newer(int its) {
        return "schema " + its + " is newer than the " + schema + " this droptrace reads: upgrade droptrace to read it";
    }

    /** The top-level {@code schema} number of a JSON object, 0 when there is none (only for a record that did not read). */
    private static int schemaIn(byte[] json) {
        try {
            return Json.events().readTree(json).path("schema").asInt(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void deadLetter(FixedKeyRecord<byte[], byte[]> record, String why, RuntimeException e) {
        String where = context.recordMetadata().map(m -> m.topic() + "-" + m.partition()).orElse(topic);
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
        UnparsedLine dead = UnparsedLine.of(Instant.now(), "not a " + what + ": " + why,
                new String(record.value(), StandardCharsets.UTF_8), Origin.of(where, offset), record.value());
        // The dead letter's reason, cut as it is: the exception's message may quote a whole field of the record.
        LOGGER.atWarn().addKeyValue("topic", topic).addKeyValue("error", dead.reason())
                .log("a record that is not a " + what + " went to the dead-letter topic");
        context.forward(record.withValue(new Read<>(null, null, dead)));
    }
}
