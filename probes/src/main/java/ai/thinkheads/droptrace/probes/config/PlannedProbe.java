package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.probe.ProbeKind;
import java.time.Duration;
import java.util.Objects;

/**
 * A probe ready to run: its definition with {@code from} and {@code to} resolved against the site,
 * its effective interval and timeout.
 *
 * @param destination the address probed; {@code null} for exec and file probes
 */
public record PlannedProbe(ProbeDefinition definition, Origin origin, String destination, Duration interval,
        Duration timeout) {

    public PlannedProbe {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    public String id() {
        return definition.id();
    }

    public ProbeKind kind() {
        return definition.kind();
    }

    public int port() {
        return definition.port() == null ? 0 : definition.port();
    }
}
