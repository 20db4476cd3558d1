package ai.thinkheads.droptrace.probes.config;

import java.util.List;
import java.util.Map;

/**
 * How to run things inside guests: an argv prefix per guest type ({@code lxc}, {@code qemu}), and
 * the argv templates of the standard tools that network probes from a guest use.
 */
public record ExecConfig(Map<String, List<String>> prefixes, ToolsConfig tools) {

    public static final ExecConfig DEFAULT = new ExecConfig(null, null);

    public ExecConfig {
        prefixes = prefixes == null
                ? Map.of("lxc", List.of("pct", "exec", "{vmid}", "--"),
                        "qemu", List.of("qm", "guest", "exec", "{vmid}", "--"))
                : Map.copyOf(prefixes);
        for (String type : prefixes.keySet()) {
            if (!type.equals("lxc") && !type.equals("qemu")) {
                throw new IllegalArgumentException("exec.prefixes keys are lxc and qemu, not '" + type + "'");
            }
        }
        tools = tools == null ? ToolsConfig.DEFAULT : tools;
    }
}
