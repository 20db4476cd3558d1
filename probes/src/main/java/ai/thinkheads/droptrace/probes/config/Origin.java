package ai.thinkheads.droptrace.probes.config;

import java.util.List;

/**
 * Where a probe runs: here ({@code local}), on the hypervisor, or inside a guest through an argv
 * prefix. An empty prefix means droptrace's own Java sockets are used; otherwise the guest's tools.
 *
 * @param name {@code local}, the host's name or the guest's name
 * @param vmid the guest's vmid, {@code null} for local and host
 * @param sourceAddress the address packets leave from, {@code null} when decided by routing at run time
 * @param prefix the argv prefix, with placeholders still in it; empty to run here
 */
public record Origin(String name, Integer vmid, String sourceAddress, List<String> prefix) {

    public Origin {
        prefix = List.copyOf(prefix);
    }

    public boolean runsHere() {
        return prefix.isEmpty();
    }
}
