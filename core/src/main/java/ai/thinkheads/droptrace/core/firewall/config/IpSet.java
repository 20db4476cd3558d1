package ai.thinkheads.droptrace.core.firewall.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * An {@code [IPSET name]} section. Names are lower-cased, as pve-firewall stores them.
 *
 * @param line the line of the section header
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpSet(String name, int line, String comment, List<IpSetEntry> entries) {

    public IpSet {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
    }
}
