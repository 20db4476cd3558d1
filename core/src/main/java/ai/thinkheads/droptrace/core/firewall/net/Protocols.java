package ai.thinkheads.droptrace.core.firewall.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * IP protocol names and numbers as pve-firewall accepts them: a name or a number listed in
 * {@code /etc/protocols}, plus the special name {@code icmpv6}. The IANA names a Debian netbase
 * file lists are built in; the local {@code /etc/protocols} adds to them.
 */
public final class Protocols {

    public static final int ICMP = 1;
    public static final int IGMP = 2;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<Integer, String> BY_NUMBER = new HashMap<>();

    static {
        String builtIn = "ip 0,icmp 1,igmp 2,ggp 3,ipencap 4,st 5,tcp 6,egp 8,igp 9,pup 12,udp 17,hmp 20,xns-idp 22,"
                + "rdp 27,iso-tp4 29,dccp 33,xtp 36,ddp 37,idpr-cmtp 38,ipv6 41,ipv6-route 43,ipv6-frag 44,idrp 45,"
                + "rsvp 46,gre 47,esp 50,ah 51,skip 57,ipv6-icmp 58,ipv6-nonxt 59,ipv6-opts 60,rspf 73,vmtp 81,"
                + "eigrp 88,ospf 89,ax.25 93,ipip 94,etherip 97,encap 98,pim 103,ipcomp 108,vrrp 112,l2tp 115,"
                + "isis 124,sctp 132,fc 133,mobility-header 135,udplite 136,mpls-in-ip 137,manet 138,hip 139,"
                + "shim6 140,wesp 141,rohc 142,ethernet 143";
        for (String pair : builtIn.split(",")) {
            int space = pair.indexOf(' ');
            add(pair.substring(0, space), Integer.parseInt(pair.substring(space + 1)));
        }
        Path system = Path.of("/etc/protocols");
        if (Files.isReadable(system)) {
            try {
                for (String line : Files.readAllLines(system)) {
                    String[] parts = line.trim().split("\\s+");
                    if (line.startsWith("#") || parts.length < 2 || !parts[1].matches("\\d{1,3}")) {
                        continue;
                    }
                    add(parts[0], Integer.parseInt(parts[1]));
                }
            } catch (IOException | RuntimeException e) {
                // keep the built-in table
            }
        }
    }

    private Protocols() {
    }

    private static void add(String name, int number) {
        BY_NAME.putIfAbsent(name, number);
        BY_NUMBER.putIfAbsent(number, name);
    }

    /**
     * The protocol number of a rule's {@code -p} value (a name, {@code icmpv6}, or a listed
     * number), or -1 when pve-firewall would call it an unknown protocol.
     */
    public static int number(String proto) {
        if (proto == null || proto.isEmpty()) {
            return -1;
        }
        if (proto.equals("icmpv6")) {
            return ICMPV6;
        }
        Integer byName = BY_NAME.get(proto);
        if (byName != null) {
            return byName;
        }
        if (proto.chars().allMatch(Character::isDigit) && proto.length() <= 3) {
            int n = Integer.parseInt(proto);
            return BY_NUMBER.containsKey(n) ? n : -1;
        }
        return -1;
    }

    /**
     * The number of a packet's protocol as a user or a log line writes it: any name this class
     * knows in any case ({@code TCP}, {@code ICMPV6}), or any number 0-255. -1 when unknown.
     */
    public static int packetNumber(String proto) {
        if (proto == null || proto.isEmpty()) {
            return -1;
        }
        String lower = proto.toLowerCase(Locale.ROOT);
        int n = number(lower);
        if (n >= 0) {
            return n;
        }
        if (lower.chars().allMatch(Character::isDigit) && lower.length() <= 3) {
            int v = Integer.parseInt(lower);
            return v <= 255 ? v : -1;
        }
        return -1;
    }

    /** A readable name of a protocol number: {@code tcp}, {@code icmpv6}, or the number. */
    public static String name(int number) {
        if (number == ICMPV6) {
            return "icmpv6";
        }
        String name = BY_NUMBER.get(number);
        return name == null ? Integer.toString(number) : name;
    }

    /** Protocols whose rules may name ports (pve-firewall's list). */
    public static boolean hasPorts(int number) {
        return number == TCP || number == UDP || number == 136 || number == 33 || number == 132;
    }
}
