package ai.thinkheads.droptrace.streams.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The event-time range a query covers, {@code [from, to)}, and the buckets that answer it: every
 * bucket that overlaps the range, so the answer covers {@code [bucketsFrom, bucketsTo)}. {@code cut} says, when the
 * buckets of the range's start are no longer kept, why {@code bucketsFrom} is later than {@code from}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimeRange(Instant from, Instant to, Resolution resolution, Instant bucketsFrom, Instant bucketsTo,
        String cut) {

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
        return new TimeRange(from, to, r, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), null);
    }

    /**
     * This range from {@code firstKept}, the first bucket a window store still answers (see {@link #firstBucketFrom}),
     * with {@code why} as its {@code cut}; none at all when the whole range lies before it.
     */
    public TimeRange keptFrom(Instant firstKept, String why) {
        if (!firstKept.isAfter(bucketsFrom)) {
            return this;
        }
        return new TimeRange(from, to, resolution, firstKept.isAfter(bucketsTo) ? bucketsTo : firstKept, bucketsTo, why);
    }

    /** The start of the first bucket of {@code resolution} that starts at or after {@code time}. */
    public static Instant firstBucketFrom(Instant time, Resolution resolution) {
        long size = resolution.size().toMillis();
        return Instant.ofEpochMilli(-Math.floorDiv(-time.toEpochMilli(), size) * size);
    }

    /** The start of the last bucket that overlaps the range (window stores fetch by bucket start, inclusive). */
    @JsonIgnore
    public Instant lastBucketStart() {
        return bucketsTo.minus(resolution.size());
    }
}
