package ai.thinkheads.droptrace.core.firewall.trace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a packet comes from or goes to, in the words of {@code pve-firewall simulate}:
 * {@code host}, {@code outside} (the uplink {@code eth0} on {@code vmbr0}), {@code vm<ID>} /
 * {@code ct<ID>} (NIC 0, or {@code vm<ID>i<N>} for NIC N), or a bridge port {@code vmbr1/eno2}.
 * Written and read as that text in JSON.
 */
public sealed interface Zone permits Zone.Host, Zone.Outside, Zone.Guest, Zone.BridgePort {

    /** The Proxmox node itself. */
    record Host() implements Zone {
        @Override
        public String toString() {
            return "host";
        }
    }

    /** Traffic from or to the uplink: port {@code eth0} of bridge {@code vmbr0}, as simulate hard-wires it. */
    record Outside() implements Zone {
        @Override
        public String toString() {
            return "outside";
        }
    }

    /**
     * A guest NIC.
     *
     * @param container true when written {@code ct<ID>}, false for {@code vm<ID>}; the guest's real type wins
     * @param nic the NIC index, {@code null} when not given (NIC 0, or the NIC that owns the address)
     */
    record Guest(int vmid, boolean container, Integer nic) implements Zone {
        @Override
        public String toString() {
            return (container ? "ct" : "vm") + vmid + (nic == null ? "" : "i" + nic);
        }
    }

    /** An unmanaged port of a bridge: {@code vmbr0/eth0}, {@code vmbr1/tapXYZ}. */
    record BridgePort(String bridge, String port) implements Zone {
        @Override
        public String toString() {
            return bridge + "/" + port;
        }
    }

    Zone HOST = new Host();
    Zone OUTSIDE = new Outside();

    Pattern GUEST = Pattern.compile("(vm|ct)(\\d+)(?:i(\\d+))?");
    Pattern BRIDGE_PORT = Pattern.compile("([a-zA-Z][a-zA-Z0-9]{0,9})/(\\S+)");

    /** Parses the zone words above; throws {@link IllegalArgumentException} with the accepted forms otherwise. */
    @JsonCreator
    static Zone parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("zone must not be empty");
        }
        if (text.equals("host")) {
            return HOST;
        }
        if (text.equals("outside")) {
            return OUTSIDE;
        }
        Matcher g = GUEST.matcher(text);
        // VMIDs have at most 9 digits and NICs 2 (net0 to net31): a longer number is no zone, not an int overflow
        if (g.matches() && g.group(2).length() <= 9 && (g.group(3) == null || g.group(3).length() <= 2)) {
            return new Guest(Integer.parseInt(g.group(2)), g.group(1).equals("ct"),
                    g.group(3) == null ? null : Integer.valueOf(g.group(3)));
        }
        Matcher b = BRIDGE_PORT.matcher(text);
        if (b.matches()) {
            return new BridgePort(b.group(1), b.group(2));
        }
        throw new IllegalArgumentException("unknown zone '" + text
                + "': use host, outside, vm<ID>, ct<ID>, vm<ID>i<NIC> or <bridge>/<port>");
    }

    @JsonValue
    default String text() {
        return toString();
    }
}
