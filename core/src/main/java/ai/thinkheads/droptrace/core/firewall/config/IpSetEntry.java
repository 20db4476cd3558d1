package ai.thinkheads.droptrace.core.firewall.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One entry of an {@code [IPSET name]} section: an IP, a CIDR or an alias name, optionally
 * {@code !}nomatch (an exception inside a wider entry).
 *
 * @param errors why the entry is left out of the set (duplicate, {@code /0}, not an address)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpSetEntry(int line, String cidr, boolean nomatch, String comment, List<String> errors) {

    public IpSetEntry {
        Objects.requireNonNull(cidr, "cidr");
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
