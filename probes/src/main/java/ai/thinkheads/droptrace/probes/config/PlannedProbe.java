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

    /**
     * The address its packets leave from, as the configuration knows it: the origin's, when of the destination's IP
     * version; {@code null} (not known) when the origin has none of that version, as a guest that the configuration
     * gives only an IPv6 address probing an IPv4 one: its IPv4 packets do not leave from that address, a flow of the
     * two is no packet's, and its results would never meet the drops of their path. The origin's address still names
     * the guest in its prefix ({@code {address}}).
     */
    public String source() {
        String source = origin.sourceAddress();
        if (source == null || destination == null) {
            return source;
        }
        return source.contains(":") == destination.contains(":") ? source : null;
    }
}
