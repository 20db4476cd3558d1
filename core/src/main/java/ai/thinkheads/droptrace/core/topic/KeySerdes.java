package ai.thinkheads.droptrace.core.topic;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes for the text keys: the same bytes from every producer, so co-partitioning holds. */
public final class KeySerdes {

    private KeySerdes() {
    }

    public static Serde<FlowKey> flow() {
        return text(FlowKey::encode, FlowKey::decode);
    }

    public static Serde<PairKey> pair() {
        return text(PairKey::encode, PairKey::decode);
    }

    private static <T> Serde<T> text(Function<T, String> encode, Function<String, T> decode) {
        return Serdes.serdeFrom(
                (topic, key) -> key == null ? null : encode.apply(key).getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        return decode.apply(new String(bytes, StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw new SerializationException("bad key on " + topic + ": " + e.getMessage(), e);
                    }
                });
    }
}
