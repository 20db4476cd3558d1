package ai.thinkheads.droptrace.core.firewall.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Refuses a folder of a Proxmox configuration directory given for the directory itself. */
final class SubfolderGuard {

    private SubfolderGuard() {
    }

    /**
     * {@code /etc/pve/firewall} or {@code /etc/pve/nodes/<node>} given for {@code /etc/pve}: read as a flat folder
     * the first would lose host.fw and every guest's NICs, the second cluster.fw, and the answers would be wrong.
     */
    static void refuse(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null || abs.getFileName() == null) {
            return;
        }
        if (abs.getFileName().toString().equals("firewall") && Files.isDirectory(parent.resolve("nodes"))) {
            throw new ConfigDirectoryException(dir + " is the firewall folder of the Proxmox configuration directory "
                    + parent + ", whose host.fw and guest configurations it does not hold: give " + parent);
        }
        Path root = parent.getParent();
        if (root != null && parent.getFileName().toString().equals("nodes")
                && Files.isDirectory(root.resolve("firewall"))) {
            String node = abs.getFileName().toString();
            throw new ConfigDirectoryException(dir + " is the folder of node " + node + " of the Proxmox configuration "
                    + "directory " + root + ", whose cluster.fw and guest firewall files it does not hold: give " + root
                    + " (with --node " + node + ")");
        }
    }
}
