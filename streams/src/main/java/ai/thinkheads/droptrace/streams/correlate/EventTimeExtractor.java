package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event time from the record itself: the time written in the log line for a firewall event, the
 * probe's start for a probe result. A firewall event still in its JSON bytes (the correlation
 * topology re-keys events without reading them) has its top-level {@code time} field read by a
 * streaming scan that stops there. Anything else (a tombstone, unreadable bytes) keeps the
 * record's timestamp, or the partition's time when it has none.
 *
 * <p>A time more than {@link #AHEAD_OF_CLOCK} ahead of this host's clock (a node whose clock was
 * wrong when it logged, a line dated years ahead) is returned as this host's time plus that
 * tolerance: stream time is the largest time a task has seen, and one line dated in the future
 * would otherwise close every window and bucket at once, so that every later line counted as late.
 * The record keeps its own time for its bucket; only stream time is held back. Such records are
 * counted and logged (the first, then at most once every 10 minutes).
 */
public final class EventTimeExtractor implements TimestampExtractor {

    /** How far ahead of this host's clock a record's time may move stream time; under the default grace. */
    public static final Duration AHEAD_OF_CLOCK = Duration.ofMinutes(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(EventTimeExtractor.class);
    private static final long WARN_EVERY_MS = Duration.ofMinutes(10).toMillis();

    private final LongSupplier clock;
    private final AtomicLong ahead = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);

    public EventTimeExtractor() {
        this(System::currentTimeMillis);
    }

    /** With {@code clock} (epoch millis) as this host's clock. */
    public EventTimeExtractor(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof FirewallEvent event) {
            return heldToClock(event.time().toEpochMilli());
        }
        if (value instanceof ProbeResult result) {
            return heldToClock(result.time().toEpochMilli());
        }
        if (value instanceof byte[] json && json.length > 0 && json[0] == '{') {
            long time = timeField(json);
            if (time != Long.MIN_VALUE) {
                return heldToClock(time);
            }
        }
        return record.timestamp() >= 0 ? heldToClock(record.timestamp()) : Math.max(partitionTime, 0);
    }

    /** How many records so far were dated more than {@link #AHEAD_OF_CLOCK} ahead of this host's clock. */
    public long aheadOfClock() {
        return ahead.get();
    }

    private long heldToClock(long time) {
        long now = clock.getAsLong();
        long limit = now + AHEAD_OF_CLOCK.toMillis();
        if (time <= limit) {
            return time;
        }
        long count = ahead.incrementAndGet();
        long next = nextWarning.get();
        if (now >= next && nextWarning.compareAndSet(next, now + WARN_EVERY_MS)) {
            LOGGER.warn("{} record(s) so far dated more than {} s ahead of this host's clock (latest {}, clock {}):"
                    + " they keep their time but do not move stream time; check the clock (NTP) of the node"
                    + " that logged them", count, AHEAD_OF_CLOCK.toSeconds(), Instant.ofEpochMilli(time),
                    Instant.ofEpochMilli(now));
        }
        return limit;
    }

    /** The top-level {@code "time"} of a JSON object as epoch millis, or {@code Long.MIN_VALUE}. */
    static long timeField(byte[] json) {
        try (JsonParser parser = Json.events().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("time".equals(name)) {
                    return token == JsonToken.VALUE_STRING
                            ? IsoInstants.epochMillis(parser.getText()) : Long.MIN_VALUE;
                }
                parser.skipChildren();
            }
            return Long.MIN_VALUE;
        } catch (IOException | DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
