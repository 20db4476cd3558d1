package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the record itself: the time written in the log line for a firewall event, the
 * probe's start for a probe result. A firewall event still in its JSON bytes (the correlation
 * topology re-keys events without reading them) has its top-level {@code time} field read by a
 * streaming scan that stops there. Anything else (a tombstone, unreadable bytes) keeps the
 * record's timestamp, or the partition's time when it has none.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof FirewallEvent event) {
            return event.time().toEpochMilli();
        }
        if (value instanceof ProbeResult result) {
            return result.time().toEpochMilli();
        }
        if (value instanceof byte[] json && json.length > 0 && json[0] == '{') {
            long time = timeField(json);
            if (time != Long.MIN_VALUE) {
                return time;
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
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
