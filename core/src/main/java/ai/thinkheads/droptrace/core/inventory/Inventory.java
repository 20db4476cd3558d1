package ai.thinkheads.droptrace.core.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs on the site: the hypervisor (its name and addresses) and its guests. Built from a
 * Proxmox configuration directory, a probe configuration or a Phoenix {@code etc/} folder.
 *
 * @param hostName the hypervisor's node name
 * @param hostAddresses the hypervisor's own addresses (where "host" traffic goes)
 */
public record Inventory(String hostName, List<String> hostAddresses, List<Guest> guests) {

    public Inventory {
        Objects.requireNonNull(hostName, "hostName");
        // an inventory written by hand may leave out what it does not know: no host address, no guest
        hostAddresses = hostAddresses == null ? List.of() : List.copyOf(hostAddresses);
        guests = guests == null ? List.of() : List.copyOf(guests);
        java.util.Map<Integer, Guest> seen = new java.util.HashMap<>();
        for (Guest guest : guests) {
            Guest first = seen.putIfAbsent(guest.vmid(), guest);
            if (first != null) {
                throw new IllegalArgumentException("inventory lists vmid " + guest.vmid() + " more than once ("
                        + first.name() + " and " + guest.name() + ")");
            }
        }
    }

    public Optional<Guest> byVmid(int vmid) {
        return guests.stream().filter(g -> g.vmid() == vmid).findFirst();
    }

    /** A guest by name, case-insensitively. */
    public Optional<Guest> byName(String name) {
        return guests.stream().filter(g -> g.name() != null && g.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The guest that owns {@code address}, if any. */
    public Optional<Guest> byAddress(String address) {
        return guests.stream().filter(g -> g.addresses().contains(address)).findFirst();
    }

    public boolean isHostAddress(String address) {
        return hostAddresses.contains(address);
    }
}
