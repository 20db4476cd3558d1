package ai.thinkheads.droptrace.core.firewall.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the parts of {@code corosync.conf} the firewall uses: {@code totem.transport} and {@code nodelist.node}. Pure. */
public final class CorosyncConfigParser {

    private CorosyncConfigParser() {
    }

    public static CorosyncConfig parse(String text) {
        Deque<String> path = new ArrayDeque<>();
        List<CorosyncConfig.Node> nodes = new ArrayList<>();
        Map<String, String> current = null;
        String transport = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("{")) {
                String section = line.substring(0, line.length() - 1).strip();
                path.push(section);
                if (section.equals("node") && path.size() == 2 && "nodelist".equals(path.peekLast())) {
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.equals("}")) {
                String closed = path.isEmpty() ? "" : path.pop();
                if (closed.equals("node") && current != null) {
                    String name = current.remove("name");
                    if (name != null) {
                        Map<String, String> rings = new LinkedHashMap<>();
                        current.forEach((k, v) -> {
                            if (k.matches("ring\\d+_addr")) {
                                rings.put(k, v);
                            }
                        });
                        nodes.add(new CorosyncConfig.Node(name, rings));
                    }
                    current = null;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (current != null && "node".equals(path.peek())) {
                current.put(key, value);
            } else if (path.size() == 1 && "totem".equals(path.peek()) && key.equals("transport")) {
                transport = value;
            }
        }
        return new CorosyncConfig(transport, nodes);
    }
}
