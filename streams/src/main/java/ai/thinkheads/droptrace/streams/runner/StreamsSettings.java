package ai.thinkheads.droptrace.streams.runner;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.HostInfo;

/**
 * How a topology runs: where Kafka is, the application id (shared by every instance of the same
 * app), the local state directory (one per instance), the processing guarantee, the address this
 * instance's query API is reached at ({@code application.server}, {@code null} without an API),
 * the number of standby replicas, and any further Streams properties.
 */
public record StreamsSettings(String bootstrapServers, String applicationId, Path stateDir,
        ProcessingGuarantee guarantee, HostInfo applicationServer, int standbyReplicas, Map<String, Object> extra) {

    public StreamsSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(guarantee, "guarantee");
        checkApplicationId(applicationId);
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standby replicas must not be negative, was " + standbyReplicas);
        }
        extra = Map.copyOf(extra);
    }

    /** Fails unless {@code applicationId} is one Kafka Streams takes (it names topics and the state directory). */
    public static void checkApplicationId(String applicationId) {
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("application id may only hold letters, digits, '.', '_' and '-': "
                    + applicationId);
        }
    }

    /** The longest topic name Kafka takes. */
    private static final int LONGEST_TOPIC = 249;

    /**
     * As {@link #checkApplicationId(String)}, and fails unless every internal topic of {@code topology} (its
     * repartition topics and its stores' changelogs, each named {@code <applicationId>-<name>}) is a name Kafka takes:
     * at most 249 characters. A longer id was Kafka Streams' ERROR and "unexpected failure: Invalid topics: [...]"
     * once it had started.
     */
    public static void checkApplicationId(String applicationId, Topology topology) {
        checkApplicationId(applicationId);
        String longest = internalTopics(topology).stream().max(Comparator.comparingInt(String::length)).orElse("");
        int room = LONGEST_TOPIC - 1 - longest.length();
        if (applicationId.length() > room) {
            throw new IllegalArgumentException("application id of " + applicationId.length() + " characters: Kafka "
                    + "Streams names its internal topics after it (<id>-" + longest + "), and Kafka takes topic names of "
                    + "at most " + LONGEST_TOPIC + "; give one of at most " + room);
        }
    }

    /** The names of {@code topology}'s internal topics, without the application id before them. */
    static Set<String> internalTopics(Topology topology) {
        Set<String> names = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> names.add(store + "-changelog"));
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null
                        && sink.topic().endsWith("-repartition")) {
                    names.add(sink.topic());
                }
            }
        }
        return names;
    }

    /** Exactly-once, no query API, no standby replicas. */
    public StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, Map<String, Object> extra) {
        this(bootstrapServers, applicationId, stateDir, ProcessingGuarantee.EXACTLY_ONCE_V2, null, 0, extra);
    }

    public StreamsSettings withApplicationServer(HostInfo server) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, guarantee, server, standbyReplicas, extra);
    }

    public StreamsSettings withGuarantee(ProcessingGuarantee value) {
        return new StreamsSettings(bootstrapServers, applicationId, stateDir, value, applicationServer,
                standbyReplicas, extra);
    }
}
