package ai.thinkheads.droptrace.streams.query;

import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationStores;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/** Which buckets a query reads: one-minute buckets for short ranges, one-hour buckets for long ones. */
public enum Resolution {
    MINUTE(CorrelationStores.MINUTE_BUCKETS, CorrelationSettings.MINUTE),
    HOUR(CorrelationStores.HOUR_BUCKETS, CorrelationSettings.HOUR);

    /** Ranges up to this long are answered from minute buckets, longer ones from hour buckets. */
    public static final Duration LONGEST_MINUTE_RANGE = Duration.ofHours(3);

    private final String store;
    private final Duration size;

    Resolution(String store, Duration size) {
        this.store = store;
        this.size = size;
    }

    public String store() {
        return store;
    }

    public Duration size() {
        return size;
    }

    /** The resolution used for a range of {@code length} when none is asked for. */
    public static Resolution forLength(Duration length) {
        return length.compareTo(LONGEST_MINUTE_RANGE) <= 0 ? MINUTE : HOUR;
    }

    /** How the API writes it, as it is asked for: {@code minute}. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Resolution parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resolution must be minute or hour, was '" + text + "'");
        }
    }
}
