package ai.thinkheads.droptrace.core.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A guest of the Proxmox host: id, name, type, the node it runs on, its NICs.
 *
 * @param node the cluster node that runs it, or {@code null} for a single host
 */
public record Guest(int vmid, String name, GuestType type, String node, List<Nic> nics) {

    public Guest {
        if (vmid < 100 || vmid > 999_999_999) {
            throw new IllegalArgumentException("vmid must be 100-999999999, was " + vmid);
        }
        Objects.requireNonNull(type, "type is required");
        nics = List.copyOf(Objects.requireNonNull(nics, "nics is required"));
        // a configuration key is unique (net0 once): with two, the trace would take one and rules check the other
        java.util.Set<Integer> indexes = new java.util.HashSet<>();
        for (Nic nic : nics) {
            if (!indexes.add(nic.index())) {
                throw new IllegalArgumentException("guest " + vmid + " lists " + nic.name() + " more than once");
            }
        }
    }

    /** Every address of every NIC, in NIC order. */
    public List<String> addresses() {
        return nics.stream().flatMap(n -> n.addresses().stream()).toList();
    }

    /** The NIC that carries {@code address}, if any. */
    public Optional<Nic> nicFor(String address) {
        return nics.stream().filter(n -> n.addresses().contains(address)).findFirst();
    }

    /** The simulator zone name: {@code ct101}, {@code vm1001}. */
    public String zone() {
        return type.zonePrefix() + vmid;
    }

    /** The firewall device of NIC {@code index}: {@code veth101i0}, {@code tap1001i0}. */
    public String device(int index) {
        return type.devicePrefix() + vmid + "i" + index;
    }
}
