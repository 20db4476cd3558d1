package ai.thinkheads.droptrace.core.inventory;

import java.util.List;

/**
 * One network interface of a guest, {@code net<index>} in its configuration.
 *
 * @param bridge the bridge it is plugged into ({@code vmbr0}), or {@code null} if unknown
 * @param firewall the NIC's own {@code firewall=1} flag: without it no firewall chain is built
 * @param mac the NIC's MAC address, lower case, or {@code null} if unknown
 * @param addresses the IP addresses (without prefix length) the guest uses on this NIC
 */
public record Nic(int index, String bridge, boolean firewall, String mac, List<String> addresses) {

    public Nic {
        if (index < 0) {
            throw new IllegalArgumentException("NIC index must not be negative, was " + index);
        }
        addresses = addresses == null ? List.of() : List.copyOf(addresses); // none known: DHCP, or not written
        mac = mac == null ? null : mac.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code net0}, {@code net1}, ... */
    public String name() {
        return "net" + index;
    }
}
