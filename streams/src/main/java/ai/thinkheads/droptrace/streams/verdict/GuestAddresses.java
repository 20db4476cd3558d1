package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which guest owns which address, to tell a guest's own drop from a copy of another guest's frame. A bridge
 * that does not know a destination MAC yet (after its forwarding entry aged out, 300 s by default) floods the
 * frame to every port, so each other guest's firewall sees it too and, with logging on, logs its own policy
 * drop with the flow's SRC and DST: that line says nothing about why the flow failed, nor that it did (no evidence
 * for a verdict, no alert).
 */
public final class GuestAddresses {

    public static final GuestAddresses NONE = new GuestAddresses(Map.of());

    private final Map<String, Integer> owners;
    /** The guests with an address in the configuration (a VM without cloud-init, a container on DHCP has none). */
    private final Set<Integer> addressed;

    private GuestAddresses(Map<String, Integer> owners) {
        this.owners = owners;
        this.addressed = Set.copyOf(owners.values());
    }

    public static GuestAddresses of(Inventory inventory) {
        Map<String, Integer> owners = new HashMap<>();
        for (Guest guest : inventory.guests()) {
            for (String address : guest.addresses()) {
                owners.putIfAbsent(logged(address), guest.vmid());
            }
        }
        return new GuestAddresses(owners);
    }

    /**
     * Whether a guest's chain logged {@code event} although the flow is neither from nor to that guest, as far as
     * the inventory knows: a flooded copy. Host chains (vmid 0) and flows between unknown addresses never are, nor
     * is a flow with an unknown address logged by a guest whose own address the configuration does not hold: that
     * address may well be the guest's.
     */
    public boolean floodedCopy(FirewallEvent event) {
        if (event.vmid() == 0 || owners.isEmpty()) {
            return false;
        }
        Integer source = owner(event.packet().source());
        Integer destination = owner(event.packet().destination());
        if (source == null && destination == null) {
            return false;
        }
        if ((source == null || destination == null) && !addressed.contains(event.vmid())) {
            return false;
        }
        return !Integer.valueOf(event.vmid()).equals(source) && !Integer.valueOf(event.vmid()).equals(destination);
    }

    /** A line's addresses are in the form the log writes ({@code inet_ntop}): looked up as they are. */
    private Integer owner(String address) {
        return address == null ? null : owners.get(address);
    }

    /** An inventory address in the log's form ({@code FD00:10:0:0::153} is {@code fd00:10::153}), once. */
    private static String logged(String address) {
        IpAddress parsed = IpAddress.parse(address);
        return parsed == null ? address : parsed.toString();
    }
}
