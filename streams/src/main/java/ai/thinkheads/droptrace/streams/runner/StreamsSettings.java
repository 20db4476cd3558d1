package ai.thinkheads.droptrace.streams.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
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
