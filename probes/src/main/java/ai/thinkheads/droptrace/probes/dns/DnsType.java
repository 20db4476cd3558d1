package ai.thinkheads.droptrace.probes.dns;

import java.util.Locale;

/** The record types the probe queries and decodes. */
public enum DnsType {
    A(1), NS(2), CNAME(5), SOA(6), PTR(12), MX(15), TXT(16), AAAA(28), SRV(33);

    private final int code;

    DnsType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static DnsType of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The name of a type code; unknown codes as {@code TYPE<n>} (RFC 3597). */
    public static String nameOf(int code) {
        for (DnsType t : values()) {
            if (t.code == code) {
                return t.name();
            }
        }
        return "TYPE" + code;
    }
}
