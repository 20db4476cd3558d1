package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.cli.common.EnumWords;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryException;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.source.ConfigSource;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixConfigException;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Where the firewall configuration is: shared by {@code trace} and the {@code rules} commands. A
 * Proxmox configuration directory ({@code --config-dir}), or a Phoenix {@code etc/} folder
 * ({@code --phoenix-etc}) turned into the {@code .fw} files its generator writes.
 */
public final class FirewallConfigOptions {

    static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/pve");

    @Option(names = "--config-dir", paramLabel = "DIR", descriptionKey = "config-dir",
            description = "A Proxmox configuration directory (/etc/pve or a copy; a folder with cluster.fw, host.fw "
                    + "and <vmid>.fw works too). Default: /etc/pve, unless --phoenix-etc is given.")
    Path configDir;

    @Option(names = "--phoenix-etc", paramLabel = "DIR",
            description = "A Phoenix hypervisor etc/ folder (/usr/local/phoenix_hypervisor/etc or a copy): its JSON is "
                    + "turned into the .fw files the Phoenix generator writes, and every answer also names the JSON.")
    Path phoenixEtc;

    @Option(names = "--generator", paramLabel = "old|new", converter = GeneratorConverter.class,
            description = "With --phoenix-etc: the Phoenix generator to emulate: new (one file per guest, from "
                    + "2025-11-14) or old (everything appended to cluster.fw). Default: new.")
    Generator generator;

    @Option(names = "--node", paramLabel = "NAME",
            description = "The node whose firewall to evaluate (its host.fw). Default: the only one, or /etc/pve/local; "
                    + "'phoenix' for a Phoenix etc/ folder.")
    String node;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "Guests and host addresses as droptrace inventory JSON, instead of the guest configurations.")
    Path inventory;

    @Option(names = "--host-address", paramLabel = "IP", split = ",",
            description = "The node's own addresses (default: its corosync ring addresses, or the Phoenix JSON's).")
    List<String> hostAddresses = new ArrayList<>();

    @Option(names = "--local-network", paramLabel = "CIDR",
            description = "The node's local network, which pve-firewall detects from its routes (unless cluster.fw "
                    + "has a local_network alias).")
    String localNetwork;

    private PhoenixRuleset phoenix;
    private boolean hostAddressesDefaulted;

    /** Reads the configuration (either source); an unusable directory or inventory is a configuration error. */
    /**
     * The lines of the configuration pve-firewall would skip or leave out: those the reader skipped and the rules or
     * set entries the compiler left out (an ipset entry that is no address, say). One count for every command.
     */
    public static int skipped(Ruleset ruleset, RuleTracer tracer) {
        return ruleset.allWarnings().size() + tracer.compiled().problems().size();
    }

    /**
     * What {@code rules check} lists, for stderr: the lines skipped or left out, and apart from them the warnings on
     * the directory (a guest file without guest configuration, a file not read), which are no line pve-firewall
     * skips; {@code null} when there is neither.
     */
    public static String skippedNote(Ruleset ruleset, RuleTracer tracer) {
        int directory = ruleset.warnings().size();
        int lines = skipped(ruleset, tracer) - directory;
        String warnings = directory == 0 ? "" : directory + (directory == 1 ? " warning" : " warnings")
                + " on the directory (guest configurations missing, files not read)";
        if (lines == 0) {
            return directory == 0 ? null
                    : warnings + "; 'droptrace rules check' lists " + (directory == 1 ? "it" : "them");
        }
        return lines + " line(s) of the configuration are skipped or left out, as pve-firewall does"
                + (directory == 0 ? "" : ", and " + warnings) + "; 'droptrace rules check' lists them";
    }

    public Ruleset load() {
        requireOneSource();
        requirePhoenixForGenerator();
        return phoenixEtc != null ? phoenix().ruleset() : loadLive();
    }

    /**
     * One configuration to read: a command that reads the Phoenix folder when it is given (and the directory otherwise)
     * would pass over a {@code --config-dir} given beside it without a word. ({@code rules drift} reads both.)
     */
    public void requireOneSource() {
        if (phoenixEtc != null && configDir != null) {
            throw new UserException(ExitCodes.USAGE, "give --config-dir or --phoenix-etc, not both");
        }
    }

    /** Reads the Proxmox configuration directory ({@code --config-dir}, default /etc/pve), whatever else is given. */
    public Ruleset loadLive() {
        requirePhoenixForGenerator();
        requireFirewallFiles(configDir());
        try {
            return ConfigDirectoryReader.read(configDir(), readOptions());
        } catch (ConfigDirectoryException e) {
            // the other refusals say what to give (--node, the parent directory): this one is the wrong directory
            throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage() + (Files.isDirectory(configDir()) ? ""
                    : " (give the Proxmox configuration directory with --config-dir)"), e);
        }
    }

    /** A Proxmox directory is read as it is: a generator asked for and not emulated would be a silent lie. */
    private void requirePhoenixForGenerator() {
        if (generator != null && phoenixEtc == null) {
            throw new UserException(ExitCodes.USAGE, "--generator works with --phoenix-etc only (it says which Phoenix "
                    + "generator turns the JSON into .fw files; " + configDir() + " is read as it is)");
        }
    }

    /**
     * A wrong path (an empty folder, one with other files) would read as a firewall that is off: every packet
     * accepted, 'rules check' without an error. A directory with no firewall file at all is refused instead.
     */
    private static void requireFirewallFiles(Path dir) {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve("firewall")) || Files.exists(dir.resolve("nodes"))) {
            return; // not a directory: the reader says so
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.anyMatch(p -> p.getFileName().toString().matches("cluster\\.fw|host\\.fw|\\d+\\.fw"))) {
                return;
            }
        } catch (IOException e) {
            return; // unreadable: the reader says so
        }
        throw new UserException(ExitCodes.CONFIG_INVALID, dir + " holds no firewall configuration (no cluster.fw, "
                + "host.fw or <vmid>.fw, no firewall/ or nodes/ folder): give the Proxmox configuration directory, "
                + "/etc/pve or a copy, with --config-dir");
    }

    /** The Phoenix site and what its generator writes, or {@code null} without {@code --phoenix-etc}. */
    public PhoenixRuleset phoenix() {
        if (phoenixEtc == null) {
            return null;
        }
        if (phoenix == null) {
            try {
                phoenix = PhoenixRuleset.load(phoenixEtc, generator(), readOptions());
            } catch (PhoenixConfigException e) {
                throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage(), e);
            }
        }
        return phoenix;
    }

    /**
     * Uses {@code addresses} as the node's own addresses when {@code --host-address} was not given
     * (e.g. the host of a probe configuration); the configuration's own (corosync) still count.
     */
    public void defaultHostAddresses(List<String> addresses) {
        if (hostAddresses.isEmpty() && addresses != null) {
            hostAddresses = new ArrayList<>(addresses);
            hostAddressesDefaulted = true;
        }
    }

    public boolean isPhoenix() {
        return phoenixEtc != null;
    }

    /** The host's address on the destination's network, else its first of the destination's IP version, or {@code null}. */
    public static String hostAddressOn(List<String> addresses, List<String> networks, String destination) {
        IpAddress dest = destination == null ? null : IpAddress.parse(destination);
        if (dest == null) {
            return addresses.isEmpty() ? null : addresses.get(0);
        }
        for (String network : networks) {
            AddressRange range = AddressSpec.range(network.strip(), false);
            if (range != null && range.contains(dest)) {
                for (String a : addresses) {
                    IpAddress ip = IpAddress.parse(a);
                    if (ip != null && range.contains(ip)) {
                        return a;
                    }
                }
            }
        }
        return addresses.stream().filter(a -> {
            IpAddress ip = IpAddress.parse(a);
            return ip != null && ip.version() == dest.version();
        }).findFirst().orElse(addresses.isEmpty() ? null : addresses.get(0));
    }

    /**
     * The networks the host has an address in, where it sends from its address there: a Phoenix site's (vmbr0's and
     * the internal bridge's), else the local network of {@code ruleset} when known.
     */
    public List<String> hostNetworks(Ruleset ruleset) {
        if (phoenixEtc != null) {
            return phoenix().site().host().networks();
        }
        return ruleset.localNetwork() == null ? List.of() : List.of(ruleset.localNetwork());
    }

    /** Where the configuration comes from, for the correlator and other commands. */
    public ConfigSource source() {
        return phoenixEtc != null ? new ConfigSource.PhoenixEtc(phoenixEtc, generator())
                : new ConfigSource.ProxmoxDirectory(configDir());
    }

    /** The source in words: {@code /etc/pve}, or {@code Phoenix etc/ folder DIR (new generator)}. */
    public String describe() {
        return source().describe();
    }

    /** The JSON a {@code .fw} line comes from, for a Phoenix folder. */
    public Optional<String> declaredAt(String file, int line) {
        return phoenixEtc == null ? Optional.empty() : phoenix().declaredAt(file, line).map(l -> l.describe());
    }

    public Path configDir() {
        return configDir == null ? DEFAULT_CONFIG_DIR : configDir;
    }

    public Path phoenixEtc() {
        return phoenixEtc;
    }

    /** The Phoenix generator to emulate: {@code --generator}, else the newer one. */
    public Generator generator() {
        return generator == null ? Generator.NEW : generator;
    }

    /** {@code --generator}'s value in any case; another is named in the words of the help, {@code new or old}. */
    static final class GeneratorConverter implements ITypeConverter<Generator> {
        @Override
        public Generator convert(String value) {
            return EnumWords.parse(value, Generator.values(), Enum::name,
                    "is not a Phoenix generator: use new (from 2025-11-14) or old");
        }
    }

    private ReadOptions readOptions() {
        Inventory inv = inventory == null ? null : InventoryFile.read(inventory);
        checkAddresses();
        return new ReadOptions(node, inv, hostAddresses, localNetwork, null);
    }

    /** A value the reader would pass over (an address that is none, a network that is none) is a usage error. */
    private void checkAddresses() {
        if (!hostAddressesDefaulted) {
            for (String a : hostAddresses) {
                if (IpAddress.parse(a) == null) {
                    throw new UserException(ExitCodes.USAGE, "--host-address '" + a + "' is not an IP address");
                }
            }
        }
        if (localNetwork != null && !AddressSpec.cidr(localNetwork).valid()) {
            throw new UserException(ExitCodes.USAGE, "--local-network '" + localNetwork
                    + "' is not a network: give it as address/prefix, e.g. 192.168.1.0/24");
        }
    }
}
