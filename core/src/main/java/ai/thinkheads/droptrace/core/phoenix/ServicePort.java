package ai.thinkheads.droptrace.core.phoenix;

import java.util.Objects;

/**
 * A port a guest serves, as its configuration says ({@code traefik_service.port}, a {@code ports}
 * mapping, a vLLM server port, a stack's Traefik label, an Nginx {@code listen}, a Traefik entry point).
 *
 * @param what the setting it comes from, in words
 */
public record ServicePort(int port, String proto, String what, JsonLocation at) {

    public ServicePort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        Objects.requireNonNull(proto, "proto");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(at, "at");
    }
}
