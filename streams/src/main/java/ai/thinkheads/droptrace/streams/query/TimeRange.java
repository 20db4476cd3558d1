package ai.thinkheads.droptrace.streams.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event-time range a query covers, {@code [from, to)}, and the buckets that answer it: every
 * bucket that overlaps the range, so the answer covers {@code [bucketsFrom, bucketsTo)}.
 */
public record TimeRange(Instant from, Instant to, Resolution resolution, Instant bucketsFrom, Instant bucketsTo) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(resolution, "resolution");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the range must end after it starts: from " + from + " to " + to);
        }
    }

    /** The range {@code [from, to)}, at {@code resolution} or, when {@code null}, the one its length calls for. */
    public static TimeRange of(Instant from, Instant to, Resolution resolution) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the range must end after it starts: from " + from + " to " + to);
        }
        Resolution r = resolution != null ? resolution : Resolution.forLength(Duration.between(from, to));
        long size = r.size().toMillis();
        long start = Math.floorDiv(from.toEpochMilli(), size) * size;
        long end = -Math.floorDiv(-to.toEpochMilli(), size) * size;
        return new TimeRange(from, to, r, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }

    /** The start of the last bucket that overlaps the range (window stores fetch by bucket start, inclusive). */
    @JsonIgnore
    public Instant lastBucketStart() {
        return bucketsTo.minus(resolution.size());
    }
}
