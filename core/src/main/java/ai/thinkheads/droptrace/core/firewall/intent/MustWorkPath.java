package ai.thinkheads.droptrace.core.firewall.intent;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A path the site says must work (or must stay blocked), as a probe configuration names it.
 *
 * @param from who sends, as named ({@code nginx-phoenix}, {@code host})
 * @param to who receives, as named
 * @param source the sender's address
 * @param dest the receiver's address
 * @param protocol {@code tcp} or {@code udp}
 * @param port the destination port; 0 for a protocol without ports (icmp)
 * @param mustWork false for a path that must be blocked (a probe that expects a timeout)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MustWorkPath(String id, String description, String from, String to, String source, String dest,
        String protocol, int port, boolean mustWork) {

    public MustWorkPath {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dest, "dest");
        Objects.requireNonNull(protocol, "protocol");
        boolean ports = protocol.equals("tcp") || protocol.equals("udp");
        if (ports ? port < 1 || port > 65535 : port != 0) {
            throw new IllegalArgumentException("port must be 1-65535 for tcp and udp, 0 otherwise; was " + port);
        }
    }

    /** {@code tcp 10.0.0.153 -> 10.0.0.12:8443}. */
    public String describe() {
        return protocol + " " + source + " -> " + IpAddress.withPort(dest, port > 0 ? port : null);
    }
}
