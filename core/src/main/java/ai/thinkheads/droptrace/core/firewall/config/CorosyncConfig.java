package ai.thinkheads.droptrace.core.firewall.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the host firewall takes from {@code corosync.conf}: the transport (multicast is allowed
 * only for {@code udp}) and every node's ring addresses (the unicast corosync accepts are built
 * per ring between this node's and the other nodes' addresses).
 */
public record CorosyncConfig(String transport, List<Node> nodes) {

    /** @param rings ring key ({@code ring0_addr}) to address, as written */
    public record Node(String name, Map<String, String> rings) {
        public Node {
            Objects.requireNonNull(name, "name");
            rings = new TreeMap<>(rings);
        }
    }

    public CorosyncConfig {
        nodes = List.copyOf(nodes);
    }

    public boolean multicast() {
        return "udp".equals(transport);
    }
}
