package ai.thinkheads.droptrace.core.firewall.config;

import java.util.Objects;

/**
 * Where a section starts, so that edits (enable-logging) can insert lines into the right place.
 *
 * @param name {@code OPTIONS}, {@code ALIASES}, {@code RULES}, {@code IPSET <name>} or {@code group <name>}
 */
public record SectionHeader(String name, int line) {

    public SectionHeader {
        Objects.requireNonNull(name, "name");
    }
}
