package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.firewall.net.PortSet;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.AddressType;

/**
 * One iptables match: every condition of one compiled rule (a macro rule has one per expansion).
 * A {@code null} condition matches anything.
 */
public final class Match {

    final int family;
    final String iface;
    final boolean ifaceOut;
    final int proto;
    final PortSet dports;
    final PortSet sports;
    final IcmpType icmp;
    final AddressSet source;
    final String sourceText;
    final AddressSet dest;
    final String destText;
    final AddressType destType;
    final String label;

    private Match(Builder b) {
        family = b.family;
        iface = b.iface;
        ifaceOut = b.ifaceOut;
        proto = b.proto;
        dports = b.dports;
        sports = b.sports;
        icmp = b.icmp;
        source = b.source;
        sourceText = b.sourceText;
        dest = b.dest;
        destText = b.destText;
        destType = b.destType;
        label = b.label;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean matches(PacketView p) {
        if (family != 0 && family != p.family) {
            return false;
        }
        if (iface != null && !ifaceMatches(iface, ifaceOut ? p.ifaceOut : p.ifaceIn)) {
            return false;
        }
        if (proto >= 0 && proto != p.proto) {
            return false;
        }
        if (dports != null && (p.dport < 0 || !dports.contains(p.dport))) {
            return false;
        }
        if (sports != null && (p.sport < 0 || !sports.contains(p.sport))) {
            return false;
        }
        if (icmp != null && !icmp.matches(p.icmpType < 0 ? null : p.icmpType, p.icmpCode < 0 ? null : p.icmpCode)) {
            return false;
        }
        if (destType != null && destType != p.destType) {
            return false;
        }
        if (source != null && !source.contains(p.source)) {
            return false;
        }
        return dest == null || dest.contains(p.dest);
    }

    /** Why {@code p} does not match, for {@code --verbose}; {@code null} when it does. */
    public String mismatch(PacketView p) {
        if (family != 0 && family != p.family) {
            return "rule is for IPv" + family + " only";
        }
        if (iface != null && !ifaceMatches(iface, ifaceOut ? p.ifaceOut : p.ifaceIn)) {
            String actual = ifaceOut ? p.ifaceOut : p.ifaceIn;
            return "interface " + (actual == null ? "(none)" : actual) + " is not " + iface;
        }
        if (proto >= 0 && proto != p.proto) {
            return "protocol " + Protocols.name(p.proto) + " is not " + Protocols.name(proto);
        }
        if (dports != null && (p.dport < 0 || !dports.contains(p.dport))) {
            return p.dport < 0 ? "packet has no destination port; rule wants " + dports
                    : "destination port " + p.dport + " not in " + dports;
        }
        if (sports != null && (p.sport < 0 || !sports.contains(p.sport))) {
            return p.sport < 0 ? "packet has no source port; rule wants " + sports
                    : "source port " + p.sport + " not in " + sports;
        }
        if (icmp != null && !icmp.matches(p.icmpType < 0 ? null : p.icmpType, p.icmpCode < 0 ? null : p.icmpCode)) {
            return "ICMP type " + (p.icmpType < 0 ? "(none)" : p.icmpType + (p.icmpCode < 0 ? "" : "/" + p.icmpCode))
                    + " is not " + icmp;
        }
        if (destType != null && destType != p.destType) {
            return "destination is " + p.destType + ", not " + destType;
        }
        if (source != null && !source.contains(p.source)) {
            return "source " + p.source + " not in " + sourceText;
        }
        if (dest != null && !dest.contains(p.dest)) {
            return "destination " + p.dest + " not in " + destText;
        }
        return null;
    }

    /** True when every packet {@code other} matches is matched by this (for shadowing). */
    public boolean covers(Match other) {
        if (family != 0 && family != other.family) {
            return false;
        }
        if (iface != null && (!iface.equals(other.iface) || ifaceOut != other.ifaceOut)) {
            return false;
        }
        if (proto >= 0 && proto != other.proto) {
            return false;
        }
        if (dports != null && (other.dports == null || !dports.containsAll(other.dports))) {
            return false;
        }
        if (sports != null && (other.sports == null || !sports.containsAll(other.sports))) {
            return false;
        }
        if (icmp != null && (other.icmp == null || !icmp.covers(other.icmp))) {
            return false;
        }
        if (destType != null && destType != other.destType) {
            return false;
        }
        if (source != null && (other.source == null || !source.containsAll(other.source))) {
            return false;
        }
        return dest == null || (other.dest != null && dest.containsAll(other.dest));
    }

    public String label() {
        return label;
    }

    /** The source addresses the match requires, {@code null} for any. */
    public AddressSet sourceSet() {
        return source;
    }

    /** The destination addresses the match requires, {@code null} for any. */
    public AddressSet destSet() {
        return dest;
    }

    static boolean ifaceMatches(String pattern, String actual) {
        if (actual == null) {
            return false;
        }
        if (pattern.endsWith("+")) {
            return actual.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(actual);
    }

    /** Collects the conditions of one match. */
    public static final class Builder {
        private int family;
        private String iface;
        private boolean ifaceOut;
        private int proto = -1;
        private PortSet dports;
        private PortSet sports;
        private IcmpType icmp;
        private AddressSet source;
        private String sourceText;
        private AddressSet dest;
        private String destText;
        private AddressType destType;
        private String label;

        public Builder family(int f) {
            family = f;
            return this;
        }

        public Builder iface(String name, boolean out) {
            iface = name;
            ifaceOut = out;
            return this;
        }

        public Builder proto(int p) {
            proto = p;
            return this;
        }

        public Builder dports(PortSet p) {
            dports = p;
            return this;
        }

        public Builder sports(PortSet p) {
            sports = p;
            return this;
        }

        public Builder icmp(IcmpType t) {
            icmp = t;
            return this;
        }

        public Builder source(AddressSet set, String text) {
            source = set;
            sourceText = text;
            return this;
        }

        public Builder dest(AddressSet set, String text) {
            dest = set;
            destText = text;
            return this;
        }

        public Builder destType(AddressType t) {
            destType = t;
            return this;
        }

        public Builder label(String l) {
            label = l;
            return this;
        }

        public Match build() {
            return new Match(this);
        }
    }
}
