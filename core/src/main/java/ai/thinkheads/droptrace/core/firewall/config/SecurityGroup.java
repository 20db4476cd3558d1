package ai.thinkheads.droptrace.core.firewall.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/** A {@code [group name]} section of cluster.fw: rules shared by every guest or host that says {@code GROUP name}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityGroup(String name, int line, String comment, List<Rule> rules) {

    public SecurityGroup {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
    }
}
