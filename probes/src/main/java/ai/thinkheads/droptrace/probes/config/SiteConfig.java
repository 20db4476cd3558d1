package ai.thinkheads.droptrace.probes.config;

import java.util.List;
import java.util.Objects;

/** The hypervisor and its guests. */
public record SiteConfig(HostConfig host, List<GuestConfig> guests) {

    public SiteConfig {
        Objects.requireNonNull(host, "site.host is required");
        guests = guests == null ? List.of() : List.copyOf(guests);
    }
}
