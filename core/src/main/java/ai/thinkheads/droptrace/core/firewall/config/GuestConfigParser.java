package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the network part of a guest configuration, {@code qemu-server/<vmid>.conf} or
 * {@code lxc/<vmid>.conf}: the {@code netN} NICs (bridge, {@code firewall=1}, MAC), the addresses
 * ({@code ip=} of a container NIC, {@code ipconfigN} of a VM's cloud-init) and the name. Only the
 * current configuration counts; snapshot sections ({@code [name]}) are ignored. Pure.
 */
public final class GuestConfigParser {

    /** The guest, and the lines that could not be read. */
    public record Result(Guest guest, List<ParseWarning> warnings) {
    }

    private static final Set<String> QEMU_MODELS = Set.of("e1000", "e1000-82540em", "e1000-82544gc", "e1000-82545em",
            "e1000e", "i82551", "i82557b", "i82559er", "ne2k_isa", "ne2k_pci", "pcnet", "rtl8139", "virtio", "vmxnet3");

    /** qemu-server's and pve-container's MAX_NETS: net0 to net31. */
    private static final int MAX_NICS = 32;

    private GuestConfigParser() {
    }

    public static Result parse(String path, int vmid, GuestType type, String node, String text) {
        List<ParseWarning> warnings = new ArrayList<>();
        Map<Integer, Map<String, String>> nets = new TreeMap<>();
        Map<Integer, Map<String, String>> ipconfigs = new TreeMap<>();
        String name = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("[")) {
                break;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                warnings.add(new ParseWarning(path, i + 1, line, "not a 'key: value' line"));
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if ((type == GuestType.QEMU && key.equals("name")) || (type == GuestType.LXC && key.equals("hostname"))) {
                name = value;
            } else if (key.matches("net\\d+")) {
                put(nets, "net", key, value, path, i + 1, line, warnings);
            } else if (type == GuestType.QEMU && key.matches("ipconfig\\d+")) {
                put(ipconfigs, "ipconfig", key, value, path, i + 1, line, warnings);
            }
        }
        List<Nic> nics = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, String>> e : nets.entrySet()) {
            Map<String, String> p = e.getValue();
            String mac = type == GuestType.LXC ? p.get("hwaddr") : qemuMac(p);
            Map<String, String> ips = type == GuestType.LXC ? p : ipconfigs.getOrDefault(e.getKey(), Map.of());
            nics.add(new Nic(e.getKey(), p.get("bridge"), bool(p.get("firewall")), mac, addresses(ips)));
        }
        return new Result(new Guest(vmid, name, type, node, nics), warnings);
    }

    /** A {@code netN} or {@code ipconfigN} line by its number; a number Proxmox has not (net32) is a warning. */
    private static void put(Map<Integer, Map<String, String>> into, String prefix, String key, String value,
            String path, int no, String line, List<ParseWarning> warnings) {
        String digits = key.substring(prefix.length());
        int index = digits.length() > 2 ? MAX_NICS : Integer.parseInt(digits);
        if (index >= MAX_NICS) {
            warnings.add(new ParseWarning(path, no, line, "not a NIC: Proxmox guests have " + prefix + "0 to " + prefix
                    + (MAX_NICS - 1) + "; line skipped"));
            return;
        }
        into.put(index, properties(value));
    }

    /**
     * A boolean of a property string as pve-common's parse_property_string reads it (parse_boolean): 1, on, yes or
     * true in any case; {@code firewall=yes} written by hand or a tool is a firewalled NIC to pve-firewall.
     */
    private static boolean bool(String value) {
        return value != null && value.matches("(?i)1|on|yes|true");
    }

    private static String qemuMac(Map<String, String> p) {
        for (Map.Entry<String, String> e : p.entrySet()) {
            if (QEMU_MODELS.contains(e.getKey()) && !e.getValue().isEmpty()) {
                return e.getValue();
            }
        }
        return p.get("macaddr");
    }

    /** The static {@code ip=} and {@code ip6=} addresses without their prefix length; dhcp/auto/manual give none. */
    private static List<String> addresses(Map<String, String> p) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("ip", "ip6")) {
            String v = p.get(key);
            if (v == null) {
                continue;
            }
            int slash = v.indexOf('/');
            IpAddress ip = IpAddress.parse(slash < 0 ? v : v.substring(0, slash));
            if (ip != null) {
                out.add(ip.toString());
            }
        }
        return out;
    }

    /** {@code a=1,b=2,virtio} → {@code {a=1, b=2, virtio=}}. */
    static Map<String, String> properties(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                map.put(part.strip(), "");
            } else {
                map.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        return map;
    }
}
