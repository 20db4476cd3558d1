package ai.thinkheads.droptrace.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde that writes a record as JSON with the shared mapper and reads it tolerantly. The
 * shared mapper is only built when a record is first written or read: {@code Topics} makes a serde
 * for every topic, and a command that only creates topics or sends pre-serialised events (replay,
 * the receivers) does not wait for Jackson's set-up (~0.2 s) before its first record.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectMapper mapper;

    public JsonSerde(Class<T> type) {
        this(type, null);
    }

    /** With its own mapper; {@code null} for the shared one ({@link Json#events()}). */
    public JsonSerde(Class<T> type, ObjectMapper mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    private ObjectMapper mapper() {
        return mapper != null ? mapper : Json.events();
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
    }

    public byte[] write(T value) {
        try {
            return mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName() + " as JSON", e);
        }
    }

    private T read(String topic, byte[] bytes) {
        try {
            return mapper().readValue(bytes, type);
        } catch (JsonProcessingException e) {
            // In the record's own terms (the field and what it should be), never Jackson's class names or the payload.
            throw new UnreadableRecord("not a " + type.getSimpleName() + " JSON record on " + topic,
                    MappingErrors.describeJson(e));
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + " on " + topic, e);
        }
    }

    /** A record that is not the JSON of its type, with {@link #reason() why} in one line for a dead letter. */
    public static final class UnreadableRecord extends SerializationException {

        private static final long serialVersionUID = 1L;

        private final String reason;

        UnreadableRecord(String what, String reason) {
            super(what + ": " + reason);
            this.reason = reason;
        }

        /** Why, without the type and topic: {@code time: 'x' is not a time such as ...}, {@code 'kind' is required}. */
        public String reason() {
            return reason;
        }
    }
}
