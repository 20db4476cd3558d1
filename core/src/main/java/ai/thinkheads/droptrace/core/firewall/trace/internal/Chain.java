package ai.thinkheads.droptrace.core.firewall.trace.internal;

import java.util.List;
import java.util.Objects;

/**
 * A compiled chain: what pve-firewall puts into one iptables chain, in order.
 *
 * @param role what it is for, in words ({@code guest 102 net0 in})
 * @param vmid the vmid its log lines carry (0 for host and group chains)
 */
public record Chain(String name, String role, List<Entry> entries, int vmid) {

    public Chain {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
    }
}
