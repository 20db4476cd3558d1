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
                        // qm gives the command no stdin without --pass-stdin (the guest agent's /dev/null): a udp probe's payload
                        "qemu", List.of("qm", "guest", "exec", "{vmid}", "--pass-stdin", "1", "--"))
                : Map.copyOf(prefixes);
        for (String type : prefixes.keySet()) {
            if (!type.equals("lxc") && !type.equals("qemu")) {
                throw new IllegalArgumentException("exec.prefixes keys are lxc and qemu, not '" + type + "'");
            }
        }
        tools = tools == null ? ToolsConfig.DEFAULT : tools;
    }

    /**
     * Whether {@code prefix} runs its command through {@code qm guest exec} without {@code --pass-stdin}: qm then reads
     * none of its own stdin and the guest agent starts the command with {@code /dev/null} for one, so what droptrace
     * writes to it (a udp probe's payload, for {@code nc} to send) never reaches the guest.
     */
    public static boolean qmWithoutStdin(List<String> prefix) {
        for (int i = 0; i + 2 < prefix.size(); i++) {
            String program = prefix.get(i);
            if ((program.equals("qm") || program.endsWith("/qm")) && prefix.get(i + 1).equals("guest")
                    && prefix.get(i + 2).equals("exec")) {
                return !passesStdin(prefix.subList(i + 3, prefix.size()));
            }
        }
        return false;
    }

    private static boolean passesStdin(List<String> options) {
        for (int i = 0; i < options.size() && !options.get(i).equals("--"); i++) {
            String option = options.get(i).startsWith("-pass-stdin") ? "-" + options.get(i) : options.get(i); // qm takes -x too
            if (option.startsWith("--pass-stdin=")) {
                return enabled(option.substring("--pass-stdin=".length()));
            }
            if (option.equals("--pass-stdin")) {
                return i + 1 >= options.size() || options.get(i + 1).startsWith("-") || enabled(options.get(i + 1));
            }
        }
        return false;
    }

    private static boolean enabled(String value) {
        return !value.matches("(?i)0|no|false|off");
    }
}
