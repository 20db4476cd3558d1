package ai.thinkheads.droptrace.probes.config;

import java.util.List;
import java.util.Objects;

/**
 * The hypervisor: its node name and addresses (the DNS server of the Phoenix site lives here).
 *
 * @param exec the argv prefix to run a command on the host; empty when droptrace runs on it
 */
public record HostConfig(String name, List<String> addresses, List<String> exec) {

    public HostConfig {
        Objects.requireNonNull(name, "site.host.name is required");
        if (!Names.isLabelSet(name)) {
            throw new IllegalArgumentException("host name '" + name + "' is not a host name (" + Names.LABEL_SET_CHARACTERS
                    + "): " + Names.labelSetProblem(name));
        }
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        addresses.forEach(Names::requireAddress);
        exec = exec == null ? List.of() : List.copyOf(exec);
    }
}
