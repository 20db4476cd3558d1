package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.inventory.Inventory;
import java.nio.file.Path;
import java.util.List;

/**
 * How to read a configuration directory.
 *
 * @param node the node to simulate, or {@code null} to take the only one (or the {@code local} link)
 * @param inventory guests and host addresses to use instead of the guest configurations, or {@code null}
 * @param hostAddresses the node's own addresses; empty to take them from corosync.conf
 * @param localNetwork the node's local network (pve-firewall detects it from the routing table), or {@code null}
 * @param corosyncFile a corosync.conf to use instead of the one in the directory, or {@code null}
 */
public record ReadOptions(String node, Inventory inventory, List<String> hostAddresses, String localNetwork,
        Path corosyncFile) {

    public ReadOptions {
        hostAddresses = hostAddresses == null ? List.of() : List.copyOf(hostAddresses);
    }

    public static ReadOptions defaults() {
        return new ReadOptions(null, null, List.of(), null, null);
    }
}
