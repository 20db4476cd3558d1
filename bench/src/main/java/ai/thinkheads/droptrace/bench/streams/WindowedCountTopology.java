package ai.thinkheads.droptrace.bench.streams;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.streams.correlate.EventTimeExtractor;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The peer of the throughput benchmark: the trivial windowed count over the same input, read the
 * same way (same serdes, event time from the event): one-minute windows per input key, same grace.
 */
final class WindowedCountTopology {

    private WindowedCountTopology() {
    }

    static Topology build(Namespace namespace) {
        var events = Topics.FIREWALL_EVENTS;
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(events.name(namespace), Consumed.with(events.keySerde(), events.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor()).withName("bench-events-source"))
                .groupByKey(Grouped.<FlowKey, FirewallEvent>as("bench-by-flow")
                        .withKeySerde(events.keySerde()).withValueSerde(events.valueSerde()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofMinutes(2)))
                .count(Named.as("bench-count"), Materialized.<FlowKey, Long, WindowStore<Bytes, byte[]>>as("bench-counts")
                        .withKeySerde(events.keySerde()));
        return builder.build();
    }
}
