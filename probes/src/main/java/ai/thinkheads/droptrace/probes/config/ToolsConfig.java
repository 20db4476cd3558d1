package ai.thinkheads.droptrace.probes.config;

import java.util.List;

/**
 * The argv templates of the standard tools a guest has, used by network probes whose {@code from}
 * is a guest. Placeholders are replaced by validated values only; see {@code probes.exec.Placeholders}.
 */
public record ToolsConfig(List<String> tcp, List<String> udp, List<String> dns, List<String> tls,
        List<String> http, List<String> file) {

    public static final ToolsConfig DEFAULT = new ToolsConfig(null, null, null, null, null, null);

    public ToolsConfig {
        tcp = orDefault(tcp, List.of("nc", "-z", "-v", "-w", "{timeoutSeconds}", "{address}", "{port}"));
        // no -q: Debian's nc shuts its socket for reading at the end of its input, so the payload's reply went unread
        udp = orDefault(udp, List.of("nc", "-u", "-v", "-w", "{timeoutSeconds}", "{address}", "{port}"));
        dns = orDefault(dns, List.of("dig", "@{address}", "-p", "{port}", "+{transport}", "+time={timeoutSeconds}",
                "+tries=1", "{queryName}", "{queryType}"));
        tls = orDefault(tls, List.of("openssl", "s_client", "-connect", "{host}:{port}", "-servername",
                "{serverName}", "-verify_hostname", "{serverName}", "-showcerts", "-state"));
        http = orDefault(http, List.of("curl", "-sS", "-v", "--connect-to", "{serverHost}:{port}:{host}:{port}",
                "--max-time", "{timeoutSeconds}", "-w", "\\nDROPTRACE-HTTP %{http_code} %{time_connect} %{time_appconnect}\\n",
                "{url}"));
        file = orDefault(file, List.of("cat", "{path}"));
    }

    private static List<String> orDefault(List<String> given, List<String> fallback) {
        if (given == null) {
            return fallback;
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("a tool template must not be empty");
        }
        return List.copyOf(given);
    }
}
