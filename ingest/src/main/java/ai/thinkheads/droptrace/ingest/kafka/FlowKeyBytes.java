package ai.thinkheads.droptrace.ingest.kafka;

import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import java.nio.charset.StandardCharsets;

/**
 * The record key of an event: the bytes of {@code FlowKey.of(packet).encode()} (what the topic's
 * key serde writes), made without the intermediate key and strings for the usual packet: plain
 * addresses and one of the common protocols. Anything else goes through {@link FlowKey} itself,
 * with its checks. {@code FlowKeyBytesTest} holds the two together.
 */
final class FlowKeyBytes {

    private FlowKeyBytes() {
    }

    static byte[] of(Packet packet) {
        String source = packet.source();
        String destination = packet.destination();
        byte[] protocol = lowerCase(packet.protocol());
        Integer port = packet.destinationPort();
        if (source == null || destination == null || protocol == null || port != null && (port < 0 || port > 65535)
                || !plainAddress(source) || !plainAddress(destination)) {
            return FlowKey.of(packet).encode().getBytes(StandardCharsets.UTF_8);
        }
        int p = port == null ? 0 : port;
        int digits = p < 10 ? 1 : p < 100 ? 2 : p < 1000 ? 3 : p < 10_000 ? 4 : 5;
        int s = source.length();
        int d = destination.length();
        byte[] key = new byte[s + d + protocol.length + digits + 3];
        int at = copy(source, key, 0);
        key[at++] = '|';
        at = copy(destination, key, at);
        key[at++] = '|';
        System.arraycopy(protocol, 0, key, at, protocol.length);
        at += protocol.length;
        key[at++] = '|';
        for (int k = at + digits - 1; k >= at; k--) {
            key[k] = (byte) ('0' + p % 10);
            p /= 10;
        }
        return key;
    }

    /** Copies an address checked by {@link #plainAddress} (ASCII only, so one byte per char). */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) copies chars below 0x100 as bytes: exact here
    private static int copy(String text, byte[] key, int at) {
        text.getBytes(0, text.length(), key, at);
        return at + text.length();
    }

    /** Hex digits, dots and colons only: what an IPv4 or IPv6 address is made of. */
    private static boolean plainAddress(String address) {
        for (int k = 0; k < address.length(); k++) {
            char c = address.charAt(k);
            if (!(c >= '0' && c <= ':' || c == '.' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return !address.isEmpty();
    }

    private static final byte[] TCP = {'t', 'c', 'p'};
    private static final byte[] UDP = {'u', 'd', 'p'};
    private static final byte[] ICMP = {'i', 'c', 'm', 'p'};
    private static final byte[] ICMPV6 = {'i', 'c', 'm', 'p', 'v', '6'};

    /** The common protocols' key text; {@code null} for any other (the slow path lower-cases it). */
    private static byte[] lowerCase(String protocol) {
        if (protocol == null) {
            return null;
        }
        return switch (protocol) {
            case "TCP" -> TCP;
            case "UDP" -> UDP;
            case "ICMP" -> ICMP;
            case "ICMPV6" -> ICMPV6;
            default -> null;
        };
    }
}
