package ai.thinkheads.droptrace.streams.runner;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How a topology runs: where Kafka is, the application id (shared by every instance of the same
 * app), the local state directory, and any further Streams properties.
 */
public record StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, Map<String, Object> extra) {

    public StreamsSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        if (!applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("application id may only hold letters, digits, '.', '_' and '-': "
                    + applicationId);
        }
        extra = Map.copyOf(extra);
    }
}
