package ai.thinkheads.droptrace.ingest.tail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Proxmox node this machine is: its host name up to the first dot, as Proxmox VE names a node
 * (the kernel's node name, what {@code hostname} prints). pve-firewall.log lines name no host, so a
 * tail of the local log puts this on its events: in a cluster, each node's tail says whose they are.
 */
public final class NodeName {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private NodeName() {
    }

    /** This machine's node name, or {@code null} when it cannot be read. */
    public static String local() {
        try {
            return of(Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** A host name as a node name: without white space around it and from its first dot on; {@code null} when empty. */
    static String of(String hostname) {
        String name = hostname.strip();
        int dot = name.indexOf('.');
        if (dot >= 0) {
            name = name.substring(0, dot);
        }
        return name.isEmpty() || name.equals("(none)") ? null : name;
    }
}
