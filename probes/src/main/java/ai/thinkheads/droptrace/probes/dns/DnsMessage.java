package ai.thinkheads.droptrace.probes.dns;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal DNS message codec (RFC 1035): encodes one question with recursion desired, decodes the
 * header and the answer section (names with compression pointers). Decoding is pure and never
 * throws: a malformed message is an empty result.
 */
public final class DnsMessage {

    /** The bytes of a message's header (id, flags and four counts): a shorter datagram is no DNS message. */
    static final int HEADER_BYTES = 12;

    /** A decoded response: id, truncation flag, response code and answers in presentation form. */
    public record Response(int id, boolean truncated, int rcode, List<Answer> answers) {
        public Response {
            answers = List.copyOf(answers);
        }

        public String rcodeName() {
            return DnsMessage.rcodeName(rcode);
        }
    }

    /** One answer record: owner name, type name, TTL and data as text. */
    public record Answer(String name, String type, long ttl, String data) {
    }

    private DnsMessage() {
    }

    public static byte[] query(int id, String name, DnsType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        short16(out, id);
        short16(out, 0x0100); // standard query, recursion desired
        short16(out, 1);
        short16(out, 0);
        short16(out, 0);
        short16(out, 0);
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length == 0 || bytes.length > 63) {
                throw new IllegalArgumentException("bad DNS label in " + name);
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        short16(out, type.code());
        short16(out, 1); // IN
        return out.toByteArray();
    }

    public static String rcodeName(int rcode) {
        return switch (rcode) {
            case 0 -> "NOERROR";
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            default -> "RCODE" + rcode;
        };
    }

    public static Optional<Response> decode(byte[] m) {
        try {
            Reader r = new Reader(m);
            int id = r.u16();
            int flags = r.u16();
            int qd = r.u16();
            int an = r.u16();
            r.u16();
            r.u16();
            for (int i = 0; i < qd; i++) {
                r.name();
                r.skip(4);
            }
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < an; i++) {
                String owner = r.name();
                int type = r.u16();
                r.u16();
                long ttl = r.u32();
                int length = r.u16();
                int end = r.pos + length;
                answers.add(new Answer(owner, DnsType.nameOf(type), ttl, r.data(type, length)));
                r.pos = end;
            }
            return Optional.of(new Response(id, (flags & 0x0200) != 0, flags & 0x000F, answers));
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }

    /** A cursor over a message; out-of-range reads throw {@link IndexOutOfBoundsException}. */
    private static final class Reader {
        private final byte[] m;
        private int pos;

        Reader(byte[] m) {
            this.m = m;
        }

        int u8() {
            if (pos >= m.length) {
                throw new IndexOutOfBoundsException("message ends early");
            }
            return m[pos++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        void skip(int n) {
            pos += n;
        }

        String name() {
            StringBuilder out = new StringBuilder();
            int at = pos;
            boolean jumped = false;
            int hops = 0;
            while (true) {
                if (at >= m.length) {
                    throw new IndexOutOfBoundsException("name runs past the message");
                }
                int len = m[at] & 0xFF;
                if ((len & 0xC0) == 0xC0) {
                    if (++hops > 32) {
                        throw new IllegalStateException("compression loop");
                    }
                    int target = ((len & 0x3F) << 8) | (m[at + 1] & 0xFF);
                    if (!jumped) {
                        pos = at + 2;
                    }
                    jumped = true;
                    at = target;
                } else if (len == 0) {
                    if (!jumped) {
                        pos = at + 1;
                    }
                    return out.length() == 0 ? "." : out.toString();
                } else {
                    if (out.length() > 0) {
                        out.append('.');
                    }
                    out.append(new String(m, at + 1, len, StandardCharsets.US_ASCII));
                    at += len + 1;
                }
            }
        }

        String data(int type, int length) {
            int start = pos;
            switch (type) {
                case 1:
                    return (m[start] & 0xFF) + "." + (m[start + 1] & 0xFF) + "." + (m[start + 2] & 0xFF) + "." + (m[start + 3] & 0xFF);
                case 28: // as dig writes it: Java's form is 2001:db8:0:0:1:0:0:5, and ::ffff:10.0.0.10 as 10.0.0.10
                    return IpAddress.ntop(java.util.Arrays.copyOfRange(m, start, start + 16));
                case 2: case 5: case 12:
                    return name();
                case 15:
                    int preference = u16();
                    return preference + " " + name();
                case 16:
                    StringBuilder txt = new StringBuilder();
                    while (pos < start + length) {
                        int n = u8();
                        txt.append(new String(m, pos, n, StandardCharsets.UTF_8));
                        pos += n;
                    }
                    return txt.toString();
                default:
                    return java.util.HexFormat.of().formatHex(m, start, start + length);
            }
        }
    }
}
