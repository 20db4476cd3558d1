package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/** Address forms of the Phoenix JSON: {@code 10.0.0.153/24} on a NIC, networks, lists in rules. */
public final class Addresses {

    private Addresses() {
    }

    /** The address of {@code 10.0.0.153/24} (or of a bare address); {@code null} for dhcp or junk. */
    public static String hostPart(String cidr) {
        if (cidr == null) {
            return null;
        }
        int slash = cidr.indexOf('/');
        IpAddress ip = IpAddress.parse((slash < 0 ? cidr : cidr.substring(0, slash)).strip());
        return ip == null ? null : ip.toString();
    }

    /** The network {@code 10.0.0.0/24} of {@code 10.0.0.153/24}; {@code null} without a prefix. */
    public static String networkOf(String cidr) {
        if (cidr == null || cidr.indexOf('/') < 0) {
            return null;
        }
        AddressRange r = AddressSpec.range(cidr.strip(), false);
        return r == null ? null : r.toString();
    }

    /** The first host address of a network ({@code 172.16.100.1} of {@code 172.16.100.0/24}). */
    public static String firstHost(String network) {
        AddressRange r = network == null ? null : AddressSpec.range(network.strip(), false);
        if (r == null || r.version() != 4) {
            return null;
        }
        IpAddress start = r.start();
        return IpAddress.ofV4((start.lo() & 0xffff_ffffL) + 1).toString();
    }

    /** True when {@code address} lies in {@code network} (an address or CIDR). */
    public static boolean contains(String network, String address) {
        AddressRange r = network == null ? null : AddressSpec.range(network.strip(), false);
        IpAddress ip = address == null ? null : IpAddress.parse(address);
        return r != null && ip != null && r.contains(ip);
    }

    /**
     * The single addresses a rule's {@code source}/{@code dest} names: {@code 10.0.0.12} or a list
     * of them; networks, ranges, aliases and ipsets are left out.
     */
    public static List<String> singleAddresses(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String element : value.split(",")) {
            String e = element.strip();
            String bare = e.endsWith("/32") ? e.substring(0, e.length() - 3) : e;
            IpAddress ip = IpAddress.parse(bare);
            if (ip != null) {
                out.add(ip.toString());
            }
        }
        return out;
    }

    /** Splits {@code "10.0.0.13 8.8.8.8"} or {@code "10.0.0.13,8.8.8.8"} into addresses. */
    public static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split("[,\\s]+")) {
            String a = hostPart(part);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }
}
