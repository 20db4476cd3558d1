package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.InvalidTraceRequestException;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.List;

/** Turns a zone (or, without one, an address) into an {@link Endpoint} of the compiled configuration. */
final class ZoneResolver {

    static final String OUTSIDE_BRIDGE = "vmbr0";
    /** The interface of an endpoint that is the host's loopback (127.0.0.0/8, ::1). */
    static final String LOOPBACK = "lo";
    private static final AddressSet LOOPBACK_ADDRESSES = AddressSet.of(
            AddressRange.prefix(IpAddress.parse("127.0.0.0"), 8), AddressRange.prefix(IpAddress.parse("::1"), 128));

    private final CompiledFirewall fw;

    ZoneResolver(CompiledFirewall fw) {
        this.fw = fw;
    }

    Endpoint endpoint(Zone zone, IpAddress address, String side, List<String> assumed) {
        if (zone == null) {
            if (address == null) {
                throw new InvalidTraceRequestException("give --" + side + " or the "
                        + (side.equals("from") ? "source" : "destination") + " address");
            }
            return byAddress(address, side, assumed);
        }
        if (zone instanceof Zone.Host) {
            return new Endpoint(Endpoint.Kind.HOST, null, null, null, "host");
        }
        if (zone instanceof Zone.Outside) {
            return new Endpoint(Endpoint.Kind.OUTSIDE, null, null, OUTSIDE_BRIDGE, "outside");
        }
        if (zone instanceof Zone.BridgePort b) {
            return new Endpoint(Endpoint.Kind.BRIDGE_PORT, null, null, b.bridge(), b.toString());
        }
        Zone.Guest g = (Zone.Guest) zone;
        GuestChains gc = fw.guests().get(g.vmid());
        if (gc == null) {
            throw new InvalidTraceRequestException("guest " + g.vmid() + " is unknown: no qemu-server or lxc "
                    + "configuration and no firewall file for it");
        }
        boolean container = gc.guest().type() == GuestType.LXC;
        if (container != g.container()) {
            assumed.add(zone + ": guest " + g.vmid() + " is a " + (container ? "container (ct" : "VM (vm")
                    + g.vmid() + ")");
        }
        Integer index = g.nic();
        if (index == null && address != null) {
            index = gc.guest().nicFor(address.toString()).map(Nic::index).orElse(null);
        }
        if (index == null) {
            index = firstNic(gc, zone, assumed);
        }
        Nic nic = nic(gc, index);
        if (nic == null) {
            throw new InvalidTraceRequestException("guest " + g.vmid() + " has no NIC net" + index);
        }
        return guestEndpoint(gc, nic, assumed);
    }

    private Endpoint byAddress(IpAddress address, String side, List<String> assumed) {
        int[] owner = fw.addresses().get(address);
        if (owner != null) {
            GuestChains gc = fw.guests().get(owner[0]);
            Nic nic = nic(gc, owner[1]);
            Endpoint e = guestEndpoint(gc, nic, assumed);
            assumed.add(side + " " + e.zone() + " (owner of " + address + ")" + alsoOn(address, side));
            return e;
        }
        if (fw.hostAddresses().contains(address)) {
            assumed.add(side + " host (" + address + " is the host's address)");
            return new Endpoint(Endpoint.Kind.HOST, null, null, null, "host");
        }
        if (LOOPBACK_ADDRESSES.contains(address)) {
            // a host's packets to it never leave on a bridge: pve-firewall accepts them on lo before any rule
            assumed.add(side + " host (" + address + " is a loopback address: the sender's own, over lo)");
            return new Endpoint(Endpoint.Kind.HOST, null, null, LOOPBACK, "host");
        }
        assumed.add(side + " outside (" + address + " is neither a guest's nor the host's address)");
        return new Endpoint(Endpoint.Kind.OUTSIDE, null, null, OUTSIDE_BRIDGE, "outside");
    }

    /** The other guests configured with {@code address} (a clone that kept its address), which the answer is not for. */
    private String alsoOn(IpAddress address, String side) {
        List<int[]> others = fw.sharedAddresses().getOrDefault(address, List.of());
        if (others.isEmpty()) {
            return "";
        }
        List<String> zones = new ArrayList<>();
        for (int[] o : others) {
            GuestChains gc = fw.guests().get(o[0]);
            zones.add(RequestResolver.zoneText(gc.guest().type(), o[0], nic(gc, o[1])));
        }
        return "; " + address + " is also configured on " + String.join(", ", zones) + ", give --" + side + " "
                + zones.get(0) + " to trace " + (zones.size() == 1 ? "that guest" : "one of them");
    }

    /**
     * The NIC a zone without {@code i<N>} means: the first one, unless it has no address and a later one has (a
     * gateway whose net0 takes DHCP on a public VLAN and whose internal address is on net1).
     */
    private static int firstNic(GuestChains gc, Zone zone, List<String> assumed) {
        List<Nic> nics = gc.guest().nics();
        if (nics.isEmpty()) {
            return 0;
        }
        Nic first = nics.get(0);
        if (!first.addresses().isEmpty()) {
            return first.index();
        }
        for (Nic n : nics) {
            if (!n.addresses().isEmpty()) {
                assumed.add(zone + ": net" + n.index() + ", its first NIC with an address (net" + first.index()
                        + " has none; give " + zone + "i<N> to choose)");
                return n.index();
            }
        }
        return first.index();
    }

    private static Nic nic(GuestChains gc, int index) {
        for (Nic n : gc.guest().nics()) {
            if (n.index() == index) {
                return n;
            }
        }
        return null;
    }

    private static Endpoint guestEndpoint(GuestChains gc, Nic nic, List<String> assumed) {
        String bridge = nic.bridge();
        if (bridge == null) {
            bridge = OUTSIDE_BRIDGE;
            assumed.add("bridge vmbr0 for net" + nic.index() + " of guest " + gc.guest().vmid() + " (not configured)");
        }
        return new Endpoint(Endpoint.Kind.GUEST, gc, nic, bridge,
                RequestResolver.zoneText(gc.guest().type(), gc.guest().vmid(), nic));
    }
}
