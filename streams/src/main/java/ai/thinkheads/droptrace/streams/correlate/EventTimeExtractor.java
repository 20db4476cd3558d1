package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the record itself: the time written in the log line for a firewall event, the
 * probe's start for a probe result. Anything else (a tombstone) keeps the record's timestamp, or
 * the partition's time when it has none.
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
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }
}
