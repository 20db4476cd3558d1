package ai.thinkheads.droptrace.streams.correlate;

import java.time.Duration;
import java.time.Instant;

/** Tumbling event-time buckets aligned to the epoch, as Kafka Streams' {@code TimeWindows} align them. */
public final class Buckets {

    private Buckets() {
    }

    /** Start (epoch millis) of the bucket of {@code size} that holds {@code timeMillis}. */
    public static long start(long timeMillis, Duration size) {
        return timeMillis - Math.floorMod(timeMillis, size.toMillis());
    }

    static Instant startOf(Instant time, Duration size) {
        return Instant.ofEpochMilli(start(time.toEpochMilli(), size));
    }

    /**
     * Whether the bucket starting at {@code start} still takes events: its end plus the grace lies
     * after stream time (the largest event time seen), as for a Kafka Streams window.
     */
    static boolean open(long start, Duration size, Duration grace, long streamTime) {
        return start + size.toMillis() + grace.toMillis() > streamTime;
    }
}
