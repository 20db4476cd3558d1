package ai.thinkheads.droptrace.core.flow;

import ai.thinkheads.droptrace.core.event.Packet;
import java.util.Locale;
import java.util.Objects;

/**
 * The key every stream is partitioned by: source address, destination address, protocol and
 * destination port. Protocols without ports use port 0.
 *
 * <p>The wire form is {@code source|destination|protocol|port}; '|' never occurs in an IPv4 or
 * IPv6 address, so the form is unambiguous and readable in a console consumer.
 */
public record FlowKey(String source, String destination, String protocol, int port) {

    public static final String UNKNOWN = "-";
    private static final char SEPARATOR = '|';

    public FlowKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        requireNoSeparator(source);
        requireNoSeparator(destination);
        requireNoSeparator(protocol);
    }

    public static FlowKey of(Packet packet) {
        return new FlowKey(
                packet.source() == null ? UNKNOWN : packet.source(),
                packet.destination() == null ? UNKNOWN : packet.destination(),
                packet.protocolKey(),
                packet.destinationPort() == null ? 0 : packet.destinationPort());
    }

    public PairKey pair() {
        return new PairKey(source, destination);
    }

    public String encode() {
        return source + SEPARATOR + destination + SEPARATOR + protocol + SEPARATOR + port;
    }

    /** Reads the wire form; throws {@link IllegalArgumentException} with the reason otherwise. */
    public static FlowKey decode(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("flow key needs 4 '|'-separated parts: " + text);
        }
        try {
            return new FlowKey(parts[0], parts[1], parts[2], Integer.parseInt(parts[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flow key port is not a number: " + text, e);
        }
    }

    @Override
    public String toString() {
        return encode();
    }

    static void requireNoSeparator(String part) {
        if (part.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("key part must not contain '|': " + part);
        }
    }
}
