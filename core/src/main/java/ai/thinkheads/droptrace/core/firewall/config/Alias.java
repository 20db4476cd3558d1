package ai.thinkheads.droptrace.core.firewall.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * An {@code [ALIASES]} entry: a name for one IP or network. Names are case-insensitive.
 *
 * @param name the name as written
 * @param cidr the address as written, {@code /32} and {@code /128} stripped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alias(String name, String cidr, int line, String comment) {

    public Alias {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cidr, "cidr");
    }
}
