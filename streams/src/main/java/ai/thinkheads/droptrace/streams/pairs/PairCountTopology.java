package ai.thinkheads.droptrace.streams.pairs;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.json.JsonSerde;
import ai.thinkheads.droptrace.core.topic.KeySerdes;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Drop and reject counts per (source, destination) pair, with the ports involved, in a queryable
 * store. A pure function of its namespace: no {@code KafkaStreams}, no clock, no I/O.
 */
public final class PairCountTopology {

    /** The queryable store: {@link PairKey} to {@link PairDrops}. */
    public static final String STORE = "pair-drops";

    private PairCountTopology() {
    }

    public static Topology build(Namespace namespace) {
        TopicSpec<FlowKey, FirewallEvent> events = Topics.FIREWALL_EVENTS;
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(events.name(namespace),
                        Consumed.with(events.keySerde(), events.valueSerde()).withName("firewall-events-source"))
                .filter((flow, event) -> event != null && event.isBlock(), Named.as("blocked-only"))
                .groupBy((flow, event) -> event.pair(), Grouped.with("by-pair", KeySerdes.pair(), events.valueSerde()))
                .aggregate(PairDrops::empty, (pair, event, drops) -> drops.add(event), Named.as("count-pair-drops"),
                        Materialized.<PairKey, PairDrops, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(KeySerdes.pair())
                                .withValueSerde(new JsonSerde<>(PairDrops.class)));
        return builder.build();
    }
}
