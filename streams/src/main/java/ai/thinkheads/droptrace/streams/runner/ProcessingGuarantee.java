package ai.thinkheads.droptrace.streams.runner;

import org.apache.kafka.streams.StreamsConfig;

/** The processing guarantees droptrace runs with; {@code exactly_once_v2} unless said otherwise. */
public enum ProcessingGuarantee {
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String config;

    ProcessingGuarantee(String config) {
        this.config = config;
    }

    /** The value of {@code processing.guarantee}. */
    public String config() {
        return config;
    }
}
