package ai.thinkheads.droptrace.probes.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** DNS replies built from a query (its header and question, any EDNS record dropped), for the test servers. */
public final class DnsReplies {

    private DnsReplies() {
    }

    /** An answer with the TC flag and no records: what a server sends when the records do not fit a datagram. */
    public static byte[] truncated(byte[] query) {
        return reply(query, 0x0200, 0, false);
    }

    /** The answer {@code 10.0.0.10}, but under another id than the query's. */
    public static byte[] otherId(byte[] query) {
        return reply(query, 0, 1, true);
    }

    /** The answer {@code 10.0.0.10} cut inside its record: not a DNS message anyone can read. */
    /** A datagram of 7 bytes, shorter than a DNS header, that begins with the query's id. */
    public static byte[] tooShort(byte[] query) {
        return new byte[] {query[0], query[1], 'h', 'e', 'l', 'l', 'o'};
    }

    public static byte[] cutShort(byte[] query) {
        byte[] whole = address(query);
        return Arrays.copyOf(whole, whole.length - 6);
    }

    /** The answer {@code 10.0.0.10} to any question of type A. */
    public static byte[] address(byte[] query) {
        return reply(query, 0, 0, true);
    }

    private static byte[] reply(byte[] query, int flags, int idDelta, boolean answer) {
        int end = 12;
        while (query[end] != 0) {
            end += query[end] + 1;
        }
        end += 5; // the root label, type and class
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int id = (((query[0] & 0xFF) << 8 | (query[1] & 0xFF)) + idDelta) & 0xFFFF;
        int all = 0x8180 | flags; // a response, recursion desired and available, NOERROR
        out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, (byte) (all >> 8), (byte) all, 0, 1, 0, (byte) (answer ? 1 : 0),
            0, 0, 0, 0});
        out.write(query, 12, end - 12);
        if (answer) {
            out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 10});
        }
        return out.toByteArray();
    }
}
