package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.util.List;
import java.util.Map;

/**
 * The firewall of one node, compiled: the chains pve-firewall would build, ready to evaluate.
 * Immutable after construction, so one instance serves many threads.
 *
 * @param disabledReason why nothing is built (cluster firewall off), or {@code null}
 * @param hostIn PVEFW-HOST-IN, or {@code null} when the host firewall is off
 * @param fwbrIn the input filters of PVEFW-FWBR-IN (blacklist, smurfs, tcpflags) guests pass first
 * @param groups security-group chains by {@code name|IN} / {@code name|OUT}
 * @param addresses guest NIC address to (vmid, NIC index), the first guest that has it
 * @param sharedAddresses guest NIC addresses configured on more than one NIC: the other (vmid, NIC index)
 * @param localNetwork the local network the built-in rules use, as text
 * @param problems lines left out of the compiled ruleset, with the reason
 * @param refusedByIptables rules compiled as pve-firewall compiles them that iptables refuses (a port list of more
 *     than 15 ports), with the reason: iptables-restore then refuses the whole ruleset
 * @param notes facts the answers depend on (assumed local network, ...)
 */
public record CompiledFirewall(
        Ruleset ruleset,
        String disabledReason,
        Chain hostIn,
        Chain hostOut,
        String hostDisabledReason,
        Chain fwbrIn,
        Map<Integer, GuestChains> guests,
        Map<String, Chain> groups,
        Map<IpAddress, int[]> addresses,
        Map<IpAddress, List<int[]>> sharedAddresses,
        List<IpAddress> hostAddresses,
        AddressSet localNetworkSet,
        String localNetwork,
        List<ConfigProblem> problems,
        List<ConfigProblem> refusedByIptables,
        List<String> notes) {

    public CompiledFirewall {
        guests = Map.copyOf(guests);
        groups = Map.copyOf(groups);
        addresses = Map.copyOf(addresses);
        sharedAddresses = Map.copyOf(sharedAddresses);
        hostAddresses = List.copyOf(hostAddresses);
        problems = List.copyOf(problems);
        refusedByIptables = List.copyOf(refusedByIptables);
        notes = List.copyOf(notes);
    }

    public boolean enabled() {
        return disabledReason == null;
    }

    public Chain group(String name, boolean out) {
        return groups.get(name + (out ? "|OUT" : "|IN"));
    }
}
