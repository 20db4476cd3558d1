package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a Proxmox configuration directory ({@code /etc/pve} or any copy of it) into a
 * {@link Ruleset}: {@code firewall/cluster.fw}, {@code firewall/<vmid>.fw},
 * {@code nodes/<node>/host.fw}, the guest configurations under {@code nodes/<node>/qemu-server}
 * and {@code nodes/<node>/lxc}, and {@code corosync.conf}. A flat folder with {@code cluster.fw},
 * {@code host.fw} and {@code <vmid>.fw} side by side (as in pve-firewall's own tests) works too.
 * Unreadable or bad lines become warnings; only an unusable directory is an exception.
 */
public final class ConfigDirectoryReader {

    /** How the warning for a guest file without a guest configuration starts (droptrace assumes one NIC, net0). */
    public static final String NO_GUEST_CONFIGURATION = "no qemu-server or lxc configuration for guest ";

    /** The largest VMID Proxmox VE allocates. */
    private static final int MAX_VMID = 999_999_999;

    private ConfigDirectoryReader() {
    }

    /** Whether {@code dir} is laid out as /etc/pve ({@code firewall/}, {@code nodes/}) rather than a flat copy of the files. */
    public static boolean isPveLayout(Path dir) {
        return Files.isDirectory(dir.resolve("firewall")) || Files.isDirectory(dir.resolve("nodes"));
    }

    public static Ruleset read(Path dir, ReadOptions options) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigDirectoryException(dir + " is not a directory");
        }
        SubfolderGuard.refuse(dir);
        List<ParseWarning> warnings = new ArrayList<>();
        boolean pve = isPveLayout(dir);
        Ruleset.Layout layout = pve ? Ruleset.Layout.PVE : Ruleset.Layout.FLAT;
        String node = pve ? pveNode(dir, options.node()) : (options.node() == null ? "localhost" : options.node());
        Path fwDir = pve ? dir.resolve("firewall") : dir;
        String fwPrefix = pve ? "firewall/" : "";

        FwFile cluster = readFw(dir, fwPrefix + "cluster.fw", FileKind.CLUSTER, null, null, warnings);
        if (cluster == null) {
            warnings.add(new ParseWarning(fwPrefix + "cluster.fw", 0, "",
                    (Files.exists(fwDir.resolve("cluster.fw")) || Files.isSymbolicLink(fwDir.resolve("cluster.fw"))
                            ? "cluster.fw not read" : "cluster.fw not found")
                            + ": without 'enable: 1' in it pve-firewall builds no rules at all"));
            cluster = FwFile.empty(fwPrefix + "cluster.fw", FileKind.CLUSTER, null, null);
        }
        List<FwFile> hosts = new ArrayList<>();
        for (String n : pve ? subdirectories(dir.resolve("nodes")) : List.of(node)) {
            String path = pve ? "nodes/" + n + "/host.fw" : "host.fw";
            FwFile host = readFw(dir, path, FileKind.HOST, null, n, warnings);
            if (host != null) {
                hosts.add(host);
            }
        }
        List<FwFile> guests = new ArrayList<>();
        for (Path p : list(fwDir)) {
            String name = p.getFileName().toString();
            if (name.matches("\\d+\\.fw")) {
                Integer vmid = vmid(name, fwPrefix + name, warnings);
                if (vmid == null) {
                    continue;
                }
                FwFile g = readFw(dir, fwPrefix + name, FileKind.GUEST, vmid, null, warnings);
                if (g != null) {
                    guests.add(g);
                }
            } else if (name.endsWith(".fw") && !name.equals("cluster.fw") && (pve || !name.equals("host.fw"))) {
                // pve-firewall opens cluster.fw and <vmid>.fw of the guests it knows here, never another name: a
                // guest's rules saved as vm100.fw or Cluster.fw are not in force, so say it rather than pass over it
                warnings.add(new ParseWarning(fwPrefix + name, 0, "", "not read: pve-firewall reads cluster.fw"
                        + (pve ? "" : ", host.fw") + " and a guest's <vmid>.fw (100.fw) here, no other file"));
            }
        }
        guests.sort(Comparator.comparing(FwFile::vmid));

        CorosyncConfig corosync = readCorosync(dir, options.corosyncFile(), warnings);
        Inventory inventory = options.inventory() != null
                ? withHostAddresses(options.inventory(), options.hostAddresses())
                : new Inventory(node, hostAddresses(options, corosync, node),
                        guests(dir, pve, guests, warnings));
        return new Ruleset(Ruleset.SCHEMA_VERSION, node, layout, cluster, hosts, guests, inventory, corosync,
                options.localNetwork(), warnings);
    }

    private static String pveNode(Path dir, String requested) {
        List<String> nodes = subdirectories(dir.resolve("nodes"));
        if (requested != null) {
            // a misspelt node would be read as one without host.fw: the host's rules silently gone
            if (!nodes.isEmpty() && !nodes.contains(requested)) {
                throw ConfigDirectoryException.askingForNode(dir.resolve("nodes") + " has no node '" + requested
                        + "' (it has " + String.join(", ", nodes) + "); choose one of them with");
            }
            return requested;
        }
        Path local = dir.resolve("local");
        if (Files.isSymbolicLink(local)) {
            try {
                return Files.readSymbolicLink(local).getFileName().toString();
            } catch (IOException e) {
                // fall through to the node list
            }
        }
        if (nodes.size() == 1) {
            return nodes.get(0);
        }
        if (nodes.isEmpty()) {
            return "localhost";
        }
        throw ConfigDirectoryException.askingForNode(dir.resolve("nodes") + " has several nodes ("
                + String.join(", ", nodes) + "); choose one with");
    }

    private static Inventory withHostAddresses(Inventory inventory, List<String> hostAddresses) {
        return hostAddresses.isEmpty() ? inventory
                : new Inventory(inventory.hostName(), hostAddresses, inventory.guests());
    }

    private static List<String> hostAddresses(ReadOptions options, CorosyncConfig corosync, String node) {
        if (!options.hostAddresses().isEmpty() || corosync == null) {
            return options.hostAddresses();
        }
        List<String> out = new ArrayList<>();
        for (CorosyncConfig.Node n : corosync.nodes()) {
            if (n.name().equals(node)) {
                n.rings().values().stream().map(IpAddress::parse).filter(a -> a != null)
                        .forEach(a -> out.add(a.toString()));
            }
        }
        return out;
    }

    private static List<Guest> guests(Path dir, boolean pve, List<FwFile> fwFiles, List<ParseWarning> warnings) {
        Map<Integer, Guest> byVmid = new TreeMap<>();
        List<Path> roots = new ArrayList<>();
        if (pve) {
            for (String n : subdirectories(dir.resolve("nodes"))) {
                roots.add(dir.resolve("nodes").resolve(n));
            }
        }
        roots.add(dir);
        for (Path root : roots) {
            String node = root.equals(dir) ? null : root.getFileName().toString();
            readGuestConfigs(dir, root.resolve("qemu-server"), GuestType.QEMU, node, byVmid, warnings);
            readGuestConfigs(dir, root.resolve("lxc"), GuestType.LXC, node, byVmid, warnings);
        }
        for (FwFile f : fwFiles) {
            if (!byVmid.containsKey(f.vmid()) && f.vmid() >= 100) {
                warnings.add(new ParseWarning(f.path(), 0, "", NO_GUEST_CONFIGURATION
                        + f.vmid() + "; assuming one NIC net0 on vmbr0 with firewall=1 and no known address"));
                byVmid.put(f.vmid(), new Guest(f.vmid(), null, GuestType.LXC, null,
                        List.of(new Nic(0, "vmbr0", true, null, List.of()))));
            }
        }
        return new ArrayList<>(byVmid.values());
    }

    private static void readGuestConfigs(Path dir, Path folder, GuestType type, String node, Map<Integer, Guest> out,
            List<ParseWarning> warnings) {
        for (Path p : list(folder)) {
            String name = p.getFileName().toString();
            if (!name.matches("\\d+\\.conf")) {
                continue;
            }
            String rel = dir.relativize(p).toString();
            Integer vmid = vmid(name, rel, warnings);
            if (vmid == null || out.containsKey(vmid) || vmid < 100) {
                continue;
            }
            String text = readText(p, rel, warnings);
            if (text != null) {
                GuestConfigParser.Result r = GuestConfigParser.parse(rel, vmid, type, node, text);
                warnings.addAll(r.warnings());
                out.put(vmid, r.guest());
            }
        }
    }

    /**
     * The VMID a {@code <vmid>.fw} or {@code <vmid>.conf} file is named by, or {@code null} (with a warning) when the
     * number starts with 0 or is beyond Proxmox's 999999999: pve-firewall reads the files of the guests it knows, never
     * such a one.
     */
    private static Integer vmid(String fileName, String rel, List<ParseWarning> warnings) {
        String digits = fileName.substring(0, fileName.indexOf('.'));
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            // pve-firewall opens "<vmid>.fw" of each guest of the cluster's VM list, and pmxcfs lists no configuration
            // whose name starts with 0: 0100.fw is not guest 100's file (and must not stand in for 100.fw)
            String own = digits.replaceFirst("^0+(?=.)", "") + fileName.substring(fileName.indexOf('.'));
            warnings.add(new ParseWarning(rel, 0, "", "not a guest file: a VMID has no leading zero, so pve-firewall "
                    + "does not read it (guest " + own.substring(0, own.indexOf('.')) + "'s file is " + own + ")"));
            return null;
        }
        long vmid = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (vmid > MAX_VMID) {
            warnings.add(new ParseWarning(rel, 0, "", "not a guest file: " + digits + " is no VMID (100 to " + MAX_VMID
                    + "); pve-firewall does not read it"));
            return null;
        }
        return (int) vmid;
    }

    private static CorosyncConfig readCorosync(Path dir, Path explicit, List<ParseWarning> warnings) {
        Path p = explicit != null ? explicit : dir.resolve("corosync.conf");
        if (!Files.isRegularFile(p)) {
            return null;
        }
        String text = readText(p, p.getFileName().toString(), warnings);
        return text == null ? null : CorosyncConfigParser.parse(text);
    }

    private static FwFile readFw(Path dir, String rel, FileKind kind, Integer vmid, String node,
            List<ParseWarning> warnings) {
        Path p = dir.resolve(rel);
        if (!Files.isRegularFile(p)) {
            if (Files.exists(p)) {
                // pve-firewall's read fails and it goes on as if the file were absent: say so, and never
                // open a pipe or device that would block
                warnings.add(new ParseWarning(rel, 0, "", (Files.isDirectory(p) ? "a directory" : "not a regular file")
                        + ", not a firewall file: pve-firewall reads nothing from it, as if it were absent"));
            } else if (Files.isSymbolicLink(p)) { // a copy's link to a file left behind, or a loop: its rules were gone
                warnings.add(new ParseWarning(rel, 0, "", "a symbolic link that leads nowhere (a loop, or a target that "
                        + "is missing): nothing is read from it, as if it were absent"));
            }
            return null;
        }
        String text = readText(p, rel, warnings);
        return text == null ? null : FwFileParser.parse(rel, kind, vmid, node, text);
    }

    private static String readText(Path p, String rel, List<ParseWarning> warnings) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            warnings.add(new ParseWarning(rel, 0, "", "cannot read file: " + e.getMessage()));
            return null;
        }
    }

    private static List<String> subdirectories(Path dir) {
        return list(dir).stream().filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
