package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryException;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the firewall configuration is: shared by {@code trace} and the {@code rules} commands. */
public final class FirewallConfigOptions {

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/pve",
            description = "A Proxmox configuration directory (/etc/pve or a copy; a folder with cluster.fw, host.fw "
                    + "and <vmid>.fw works too). Default: ${DEFAULT-VALUE}.")
    Path configDir;

    @Option(names = "--node", paramLabel = "NAME",
            description = "The node whose firewall to evaluate (its host.fw). Default: the only one, or /etc/pve/local.")
    String node;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "Guests and host addresses as droptrace inventory JSON, instead of the guest configurations.")
    Path inventory;

    @Option(names = "--host-address", paramLabel = "IP", split = ",",
            description = "The node's own addresses (default: its corosync ring addresses).")
    List<String> hostAddresses = new ArrayList<>();

    @Option(names = "--local-network", paramLabel = "CIDR",
            description = "The node's local network, which pve-firewall detects from its routes (unless cluster.fw "
                    + "has a local_network alias).")
    String localNetwork;

    /** Reads the configuration; an unusable directory or inventory is a configuration error. */
    public Ruleset load() {
        Inventory inv = null;
        if (inventory != null) {
            try {
                inv = Json.strict().readValue(inventory.toFile(), Inventory.class);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read inventory " + inventory + ": "
                        + e.getMessage().lines().findFirst().orElse(""), e);
            }
        }
        try {
            return ConfigDirectoryReader.read(configDir, new ReadOptions(node, inv, hostAddresses, localNetwork, null));
        } catch (ConfigDirectoryException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage()
                    + " (give the Proxmox configuration directory with --config-dir)", e);
        }
    }

    public Path configDir() {
        return configDir;
    }
}
