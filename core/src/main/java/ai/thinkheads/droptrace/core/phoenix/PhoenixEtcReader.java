package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Phoenix {@code etc/} folder ({@code /usr/local/phoenix_hypervisor/etc} or a copy):
 * {@code phoenix_hypervisor_config.json} (required), {@code phoenix_lxc_configs.json},
 * {@code phoenix_vm_configs.json}, the stacks' {@code phoenix.json}, and the Nginx and Traefik
 * configurations. The global firewall section is found in both places it has lived. Whatever
 * cannot be used is a warning with file and line; only a missing folder, a missing hypervisor
 * configuration or a file that is not JSON is an exception.
 */
public final class PhoenixEtcReader {

    /** The node name when none is given: the Proxmox host of the site is called Phoenix. */
    public static final String DEFAULT_NODE = "phoenix";

    /** How the warning about a host without an address starts (dropped when the address is given instead). */
    static final String NO_HOST_ADDRESS = ".network.interfaces.address is missing or not an address";

    private PhoenixEtcReader() {
    }

    /** Reads the folder as the newer generator does (see {@link #read(Path, String, Generator)}). */
    public static PhoenixSite read(Path etc, String node) {
        return read(etc, node, Generator.NEW);
    }

    /**
     * @param node the Proxmox node name of the host ({@code $(hostname)} there), or {@code null} for {@value #DEFAULT_NODE}
     * @param generator whose setup script reads the global firewall section: the older one reads
     *     {@code .shared_volumes.firewall} only, the newer one {@code .firewall} (or, as on 2025-11-14, the nested one)
     */
    public static PhoenixSite read(Path etc, String node, Generator generator) {
        if (!Files.isDirectory(etc)) {
            throw new PhoenixConfigException(etc + " is not a directory (give the Phoenix etc/ folder, "
                    + "/usr/local/phoenix_hypervisor/etc or a copy)");
        }
        Path dir = etc.toAbsolutePath().normalize();
        Path hypervisor = dir.resolve(PhoenixSite.HYPERVISOR_FILE);
        if (!Files.isRegularFile(hypervisor)) {
            throw new PhoenixConfigException(etc + " has no " + PhoenixSite.HYPERVISOR_FILE
                    + " (give the Phoenix etc/ folder, /usr/local/phoenix_hypervisor/etc or a copy)");
        }
        List<ParseWarning> warnings = new ArrayList<>();
        JsonDocument hv = JsonDocument.read(hypervisor, PhoenixSite.HYPERVISOR_FILE);
        hv.warnDuplicates(warnings);
        PhoenixHost host = HostReader.read(hv.root(), node == null ? DEFAULT_NODE : node);
        if (Addresses.hostPart(JsonDocument.text(hv.root().path("network").path("interfaces"), "address")) == null) {
            int line = List.of(".network.interfaces.address", ".network.interfaces", ".network").stream()
                    .mapToInt(hv.index()::line).filter(l -> l > 0).findFirst().orElse(0);
            warnings.add(new ParseWarning(hv.file(), line, "",
                    NO_HOST_ADDRESS + ": the host's address is unknown, so rules "
                            + "check cannot ping or resolve from the host (class 6) and trace uses a made-up host address "
                            + "(give --host-address)"));
        }

        GlobalSection global = global(hv, generator, warnings);

        List<PhoenixGuest> guests = new ArrayList<>();
        readGuests(dir, PhoenixSite.LXC_FILE, true, guests, warnings);
        readGuests(dir, PhoenixSite.VM_FILE, false, guests, warnings);
        guests = AppConfigScanner.scan(dir, guests, warnings);
        StackReader.Result stacks = StackReader.read(dir, guests, warnings);
        return new PhoenixSite(etc.toString(), global.layout(), host, global.firewall(), stacks.guests(), stacks.stacks(),
                warnings);
    }

    private record GlobalSection(PhoenixSite.Layout layout, FirewallSection firewall) {
    }

    /**
     * The global firewall section where the generator's setup script reads it: the older one runs
     * {@code jq '.shared_volumes.firewall...'} alone (with only {@code .firewall} it finds the firewall not enabled,
     * stops pve-firewall and writes nothing); the newer one reads {@code .firewall}, else the nested one.
     */
    private static GlobalSection global(JsonDocument hv, Generator generator, List<ParseWarning> warnings) {
        JsonNode top = hv.root().get("firewall");
        JsonNode nested = hv.root().path("shared_volumes").get("firewall");
        boolean older = generator == Generator.OLD;
        if (!older && top != null && top.isObject()) {
            if (nested != null) {
                warnings.add(new ParseWarning(hv.file(), hv.index().line(".shared_volumes.firewall"), "",
                        ".shared_volumes.firewall is ignored: .firewall exists too, and generators since 2025-11-16 read that one"));
            }
            return new GlobalSection(PhoenixSite.Layout.TOP_LEVEL,
                    FirewallSectionReader.read(hv, ".firewall", top, true, warnings));
        }
        if (nested != null && nested.isObject()) {
            if (older && top != null) {
                warnings.add(new ParseWarning(hv.file(), hv.index().line(".firewall"), "",
                        ".firewall is ignored: the older generator's setup script reads .shared_volumes.firewall"));
            }
            return new GlobalSection(PhoenixSite.Layout.NESTED,
                    FirewallSectionReader.read(hv, ".shared_volumes.firewall", nested, true, warnings));
        }
        if (older && top != null && top.isObject()) {
            warnings.add(new ParseWarning(hv.file(), hv.index().line(".firewall"), "", ".firewall is not read by the older "
                    + "generator's setup script, which reads .shared_volumes.firewall only: it finds no firewall enabled, "
                    + "stops pve-firewall and writes no cluster.fw (this layout is the newer generator's: --generator new)"));
        } else if (top != null && !top.isNull() || nested != null && !nested.isNull()) {
            String path = top != null && !top.isNull() ? ".firewall" : ".shared_volumes.firewall";
            warnings.add(new ParseWarning(hv.file(), hv.index().line(path), "", path + " is not an object ("
                    + JsonDocument.kind(top != null && !top.isNull() ? top : nested)
                    + "); the generator's jq cannot read it, so no global firewall is read"));
        } else {
            warnings.add(new ParseWarning(hv.file(), 0, "", "no firewall section (.firewall or .shared_volumes.firewall): "
                    + "the generator writes no cluster.fw"));
        }
        return new GlobalSection(PhoenixSite.Layout.NONE, null);
    }

    private static void readGuests(Path dir, String file, boolean lxc, List<PhoenixGuest> out, List<ParseWarning> warnings) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            warnings.add(new ParseWarning(file, 0, "", file + " not found: no " + (lxc ? "containers" : "VMs") + " read"));
            return;
        }
        JsonDocument doc = JsonDocument.read(p, file);
        doc.warnDuplicates(warnings);
        Set<Integer> seen = new HashSet<>();
        out.forEach(g -> seen.add(g.vmid()));
        for (PhoenixGuest g : lxc ? GuestSectionReader.lxcs(doc, warnings) : GuestSectionReader.vms(doc, warnings)) {
            if (!seen.add(g.vmid())) {
                warnings.add(new ParseWarning(file, g.at().line(), "", "guest id " + g.vmid()
                        + " is declared twice; the later one is ignored"));
                continue;
            }
            out.add(g);
        }
    }
}
