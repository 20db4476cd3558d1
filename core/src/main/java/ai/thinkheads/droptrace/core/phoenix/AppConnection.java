package ai.thinkheads.droptrace.core.phoenix;

import java.util.Objects;

/**
 * A connection a guest's application is configured to make: an Nginx upstream, a Traefik ACME
 * {@code caServer}, a {@code *_url} setting in the guest's JSON.
 *
 * @param fromVmid the guest that connects
 * @param host a host name or an address, as written
 * @param what the setting it comes from, in words
 */
public record AppConnection(int fromVmid, String scheme, String host, int port, String what, JsonLocation at) {

    public AppConnection {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(at, "at");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }
}
