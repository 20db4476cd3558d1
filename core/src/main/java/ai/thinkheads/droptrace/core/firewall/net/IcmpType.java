package ai.thinkheads.droptrace.core.firewall.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ICMP or ICMPv6 type match as iptables names it ({@code echo-request}, {@code host-unreachable}
 * = type 3 code 1), or a plain number 0-255.
 *
 * @param type the type number, or -1 for {@code any}
 * @param code the code, or -1 for every code of the type
 */
public record IcmpType(int type, int code) {

    public static final IcmpType ANY = new IcmpType(-1, -1);

    private static final Map<String, IcmpType> V4 = new LinkedHashMap<>();
    private static final Map<String, IcmpType> V6 = new LinkedHashMap<>();

    static {
        v4("any", -1, -1);
        v4("echo-reply", 0, -1);
        v4("destination-unreachable", 3, -1);
        String[] unreachable = {"network-unreachable", "host-unreachable", "protocol-unreachable", "port-unreachable",
            "fragmentation-needed", "source-route-failed", "network-unknown", "host-unknown", null,
            "network-prohibited", "host-prohibited", "TOS-network-unreachable", "TOS-host-unreachable",
            "communication-prohibited", "host-precedence-violation", "precedence-cutoff"};
        for (int code = 0; code < unreachable.length; code++) {
            if (unreachable[code] != null) {
                v4(unreachable[code], 3, code);
            }
        }
        v4("source-quench", 4, -1);
        v4("redirect", 5, -1);
        v4("network-redirect", 5, 0);
        v4("host-redirect", 5, 1);
        v4("TOS-network-redirect", 5, 2);
        v4("TOS-host-redirect", 5, 3);
        v4("echo-request", 8, -1);
        v4("router-advertisement", 9, -1);
        v4("router-solicitation", 10, -1);
        v4("time-exceeded", 11, -1);
        v4("ttl-zero-during-transit", 11, 0);
        v4("ttl-zero-during-reassembly", 11, 1);
        v4("parameter-problem", 12, -1);
        v4("ip-header-bad", 12, 0);
        v4("required-option-missing", 12, 1);
        v4("timestamp-request", 13, -1);
        v4("timestamp-reply", 14, -1);
        v4("address-mask-request", 17, -1);
        v4("address-mask-reply", 18, -1);

        // no "any": ip6tables -p icmpv6 -h lists none, and neither does pve-firewall's $icmpv6_type_names (verify_rule
        // refuses '-p icmpv6 -icmp-type any'; is_valid_icmp_type refuses it in the dport slot when it compiles)
        v6("destination-unreachable", 1, -1);
        v6("no-route", 1, 0);
        v6("communication-prohibited", 1, 1);
        v6("beyond-scope", 1, 2);
        v6("address-unreachable", 1, 3);
        v6("port-unreachable", 1, 4);
        v6("failed-policy", 1, 5);
        v6("reject-route", 1, 6);
        v6("packet-too-big", 2, -1);
        v6("time-exceeded", 3, -1);
        v6("ttl-zero-during-transit", 3, 0);
        v6("ttl-zero-during-reassembly", 3, 1);
        v6("parameter-problem", 4, -1);
        v6("bad-header", 4, 0);
        v6("unknown-header-type", 4, 1);
        v6("unknown-option", 4, 2);
        v6("echo-request", 128, -1);
        v6("echo-reply", 129, -1);
        v6("router-solicitation", 133, -1);
        v6("router-advertisement", 134, -1);
        v6("neighbor-solicitation", 135, -1);
        v6("neighbour-solicitation", 135, -1);
        v6("neighbor-advertisement", 136, -1);
        v6("neighbour-advertisement", 136, -1);
        v6("redirect", 137, -1);
    }

    private static void v4(String name, int type, int code) {
        V4.put(name, new IcmpType(type, code));
    }

    private static void v6(String name, int type, int code) {
        V6.put(name, new IcmpType(type, code));
    }

    /** An iptables ICMP (v4) type name or number; {@code null} when invalid. */
    public static IcmpType v4(String spec) {
        return parse(spec, V4);
    }

    /** An ip6tables ICMPv6 type name or number; {@code null} when invalid. */
    public static IcmpType v6(String spec) {
        return parse(spec, V6);
    }

    /**
     * The name pve-firewall reads for this type and code, {@code -icmp-type echo-request} (it refuses numbers and
     * {@code type/code} there), or the type number when there is none.
     */
    public String keyword(boolean v6) {
        for (Map.Entry<String, IcmpType> e : (v6 ? V6 : V4).entrySet()) {
            if (e.getValue().equals(this)) {
                return e.getKey();
            }
        }
        return toString();
    }

    /** True when {@code name} is an ICMP or ICMPv6 type name (the dport slot of icmp rules takes them). */
    public static boolean isName(String name) {
        return V4.containsKey(name) || V6.containsKey(name);
    }

    /** True when {@code name} is an ICMP (or, with {@code v6}, ICMPv6) type name: all {@code -icmp-type} takes. */
    public static boolean isName(String name, boolean v6) {
        return (v6 ? V6 : V4).containsKey(name);
    }

    private static IcmpType parse(String spec, Map<String, IcmpType> names) {
        if (spec == null) {
            return null;
        }
        IcmpType named = names.get(spec);
        if (named != null) {
            return named;
        }
        int slash = spec.indexOf('/');
        String t = slash < 0 ? spec : spec.substring(0, slash);
        String c = slash < 0 ? null : spec.substring(slash + 1);
        if (!t.matches("\\d{1,3}") || (c != null && !c.matches("\\d{1,3}"))) {
            return null;
        }
        int type = Integer.parseInt(t);
        int code = c == null ? -1 : Integer.parseInt(c);
        return type > 255 || code > 255 ? null : new IcmpType(type, code);
    }

    public boolean matches(Integer packetType, Integer packetCode) {
        if (type < 0) {
            return true;
        }
        if (packetType == null || packetType != type) {
            return false;
        }
        return code < 0 || (packetCode != null && packetCode == code);
    }

    /** True when every packet this type matches is also matched by {@code this}. */
    public boolean covers(IcmpType other) {
        if (type < 0) {
            return true;
        }
        return other.type == type && (code < 0 || other.code == code);
    }

    @Override
    public String toString() {
        if (type < 0) {
            return "any";
        }
        return code < 0 ? Integer.toString(type) : type + "/" + code;
    }
}
