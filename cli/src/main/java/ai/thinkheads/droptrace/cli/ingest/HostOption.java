package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import picocli.CommandLine.Option;

/**
 * {@code --host NAME}: the node the lines are the log of, put on every event and status line whose line
 * names no host (pve-firewall.log lines never do; a syslog header does, and wins).
 */
public final class HostOption {

    @Option(names = "--host", paramLabel = "NAME",
            description = "The Proxmox node the lines are the log of, on every event and status line that names no "
                    + "host itself (pve-firewall.log lines do not; a syslog header does and wins).")
    String host;

    /** The name given, or {@code otherwise} when none was; a name with white space in it is a usage error. */
    public String orElse(String otherwise) {
        if (host == null) {
            return otherwise;
        }
        String name = host.strip();
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
            throw new UserException(ExitCodes.USAGE, "--host '" + host + "' is not a host name");
        }
        return name;
    }
}
