package ai.thinkheads.droptrace.core.firewall.net;

/**
 * Parses the address forms of pve-firewall configuration: a single IP or CIDR (for aliases and
 * ipset entries, where the kernel masks host bits), and a rule's literal address list (IPs and
 * CIDRs separated by commas, or one {@code a-b} range; one IP version only; a CIDR must be a
 * proper network, as Net::IP insists).
 *
 * @param addresses the addresses, or {@code null} when the text is invalid
 * @param version 4 or 6 (0 when invalid)
 * @param error why the text is invalid, or {@code null}
 */
public record AddressSpec(AddressSet addresses, int version, String error) {

    public boolean valid() {
        return addresses != null;
    }

    static AddressSpec invalid(String error) {
        return new AddressSpec(null, 0, error);
    }

    /** One IP or CIDR as an alias or ipset entry takes it; host bits are masked off. */
    public static AddressSpec cidr(String text) {
        AddressRange range = range(text, false);
        if (range == null) {
            return invalid("value does not look like a valid IP address or CIDR network");
        }
        return new AddressSpec(AddressSet.of(range), range.version(), null);
    }

    /** The range of one IP or CIDR, or {@code null}; with {@code strict}, host bits must be clear. */
    public static AddressRange range(String text, boolean strict) {
        int slash = text.indexOf('/');
        IpAddress ip = written(slash < 0 ? text : text.substring(0, slash));
        if (ip == null) {
            return null;
        }
        if (slash < 0) {
            return AddressRange.of(ip);
        }
        String p = text.substring(slash + 1);
        if (!p.matches("\\d{1,3}")) {
            return null;
        }
        int prefix = Integer.parseInt(p);
        if (prefix > ip.bits() || (strict && !AddressRange.isNetworkAddress(ip, prefix))) {
            return null;
        }
        return AddressRange.prefix(ip, prefix);
    }

    /**
     * An address of the configuration: written in IPv6 notation it is IPv6, {@code ::ffff:10.0.0.1} too, as
     * pve-firewall reads it ({@code $IPV6RE} first, Net::IP): a rule with it goes to the IPv6 ruleset only, an ipset
     * entry to the IPv6 set. (A packet's {@code ::ffff:a.b.c.d}, as a dual-stack socket gives it, stays IPv4.)
     */
    private static IpAddress written(String text) {
        IpAddress ip = IpAddress.parse(text);
        return ip != null && ip.version() == 4 && text.indexOf(':') >= 0 ? new IpAddress(6, ip.hi(), ip.lo()) : ip;
    }

    /** A rule's literal {@code -source}/{@code -dest} value (not an alias or ipset reference). */
    public static AddressSpec list(String text) {
        String[] elements = text.split(",", -1);
        AddressSet.Builder builder = AddressSet.builder();
        int version = 0;
        boolean range = false;
        for (String element : elements) {
            if (element.isEmpty()) {
                return invalid("extraneous commas in list");
            }
            AddressRange r;
            int dash = element.indexOf('-');
            if (dash > 0) {
                range = true;
                IpAddress a = written(element.substring(0, dash));
                IpAddress b = written(element.substring(dash + 1));
                if (a == null || b == null || a.version() != b.version() || a.compareTo(b) > 0) {
                    return invalid("invalid IP address: bad range '" + element + "'");
                }
                r = new AddressRange(a.hi(), a.lo(), b.hi(), b.lo(), a.version());
            } else {
                r = range(element, true);
                if (r == null) {
                    return invalid("invalid IP address: '" + element + "'");
                }
            }
            if (version != 0 && version != r.version()) {
                return invalid("detected mixed ipv4/ipv6 addresses in address list '" + text + "'");
            }
            version = r.version();
            builder.add(r, false);
        }
        if (range && elements.length > 1) {
            return invalid("you can't use a range in a list");
        }
        return new AddressSpec(builder.build(), version, null);
    }
}
