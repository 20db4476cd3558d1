package ai.thinkheads.droptrace.core.firewall.net;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a pve-firewall port spec: numbers, {@code a:b} ranges ({@code a <= b}), {@code /etc/services} names and
 * comma lists of at most 15 "numbers" (a range counts as two, a name as none), the way pve-firewall checks them.
 * iptables' {@code -m multiport} counts a name as the port it is: a list pve-firewall takes may still be one
 * iptables refuses, and then iptables-restore refuses the whole ruleset pve-firewall loads.
 *
 * @param ports the ports, or {@code null} when the spec is invalid
 * @param error why it is invalid, or {@code null}
 * @param refusedByIptables why iptables refuses a spec pve-firewall takes, or {@code null}
 */
public record PortSpec(PortSet ports, String error, String refusedByIptables) {

    private static final int MAX_NUMBERS = 15;

    private static final String IPTABLES_REFUSES = "iptables refuses this port list";

    private PortSpec(PortSet ports, String error) {
        this(ports, error, null);
    }

    public static PortSpec parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            return new PortSpec(null, "empty port spec");
        }
        String[] items = spec.split(",", -1);
        int count = 0;
        int iptablesCount = 0;
        List<int[]> ranges = new ArrayList<>();
        for (String item : items) {
            if (item.isEmpty()) {
                return new PortSpec(null, "extraneous commas in list");
            }
            int colon = item.indexOf(':');
            if (colon >= 0) {
                int a = number(item.substring(0, colon));
                int b = number(item.substring(colon + 1));
                if (a == -1 || b == -1) {
                    return new PortSpec(null, "invalid port '" + item + "'");
                }
                if (a > 65535 || b > 65535) {
                    return new PortSpec(null, "invalid port '" + (a > 65535 ? a : b) + "'");
                }
                if (a > b) {
                    // iptables refuses such a range; pve-firewall reports it and never compiles the rule
                    return new PortSpec(null, "backwards range '" + item + "' not allowed, did you mean '"
                            + b + ":" + a + "'?");
                }
                count += 2;
                iptablesCount += 2;
                ranges.add(new int[] {a, b});
            } else {
                int p = number(item);
                if (p == -1) {
                    p = Services.port(item);
                    if (p < 0) {
                        return new PortSpec(null, "invalid port '" + item + "'");
                    }
                } else if (p > 65535) {
                    return new PortSpec(null, "invalid port '" + p + "'");
                } else {
                    count++; // pve-firewall counts numbers and ranges only
                }
                iptablesCount++;
                ranges.add(new int[] {p, p});
            }
        }
        if (count > MAX_NUMBERS) {
            return new PortSpec(null, "too many entries in port list (> 15 numbers)");
        }
        String refused = iptablesCount <= MAX_NUMBERS ? null : IPTABLES_REFUSES + ": " + iptablesCount + " ports, a "
                + "service name counting as one and a range as two, and -m multiport takes at most " + MAX_NUMBERS;
        return new PortSpec(PortSet.ofRanges(ranges.toArray(int[][]::new)), null, refused);
    }

    /** A non-negative decimal number (capped to stay in int), or -1 when {@code s} is not one. */
    private static int number(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return s.length() > 9 && s.chars().allMatch(Character::isDigit) ? 1_000_000 : -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    public boolean valid() {
        return ports != null;
    }
}
