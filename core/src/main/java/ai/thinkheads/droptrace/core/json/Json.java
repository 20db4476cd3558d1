package ai.thinkheads.droptrace.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

/**
 * The one Jackson setup of droptrace. Events read from Kafka are read tolerantly (a newer writer
 * may add fields); configuration is read strictly (an unknown field is an error with its path).
 */
public final class Json {

    private static final ObjectMapper EVENTS = configure(JsonMapper.builder())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final ObjectMapper STRICT = configure(JsonMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {
    }

    /** Tolerant mapper for events and results on topics and in files. */
    public static ObjectMapper events() {
        return EVENTS;
    }

    /** Strict mapper for configuration: unknown fields fail with their path. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    /** Applies the shared settings to any mapper builder (also used for YAML mappers). */
    public static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .addModule(new JavaTimeModule())
                .addModule(new BlackbirdModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST);
    }
}
