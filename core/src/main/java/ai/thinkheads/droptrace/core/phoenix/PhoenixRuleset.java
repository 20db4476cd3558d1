package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Phoenix site as pve-firewall would see it after {@code phoenix-cli sync}: the JSON as read, the
 * files one generator generation writes, and the {@link Ruleset} parsed from those files (what the
 * tracer, {@code rules check} and the correlator use). Every {@code .fw} line maps back to its JSON.
 */
public record PhoenixRuleset(PhoenixSite site, GeneratedConfig generated, Ruleset ruleset) {

    private static final Pattern GUEST_FILE = Pattern.compile("^firewall/(\\d+)\\.fw$");

    public PhoenixRuleset {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(generated, "generated");
        Objects.requireNonNull(ruleset, "ruleset");
    }

    /**
     * Reads an {@code etc/} folder and builds what {@code generator} makes of it.
     *
     * @param options {@code node} names the host (default {@value PhoenixEtcReader#DEFAULT_NODE}); an
     *     {@code inventory}, {@code hostAddresses} or {@code localNetwork} replace what the JSON says
     */
    public static PhoenixRuleset load(Path etc, Generator generator, ReadOptions options) {
        return of(PhoenixEtcReader.read(etc, options.node(), generator), generator, options);
    }

    /** Builds what {@code generator} makes of a site already read (or changed in memory). */
    public static PhoenixRuleset of(PhoenixSite site, Generator generator, ReadOptions options) {
        GeneratedConfig generated = FwGenerator.generate(site, generator);
        FwFile cluster = null;
        List<FwFile> guests = new ArrayList<>();
        List<ParseWarning> warnings = new ArrayList<>(site.warnings());
        for (GeneratedFile f : generated.files()) {
            if (!f.readByProxmox()) {
                continue;
            }
            Matcher m = GUEST_FILE.matcher(f.path());
            if (f.path().equals("firewall/cluster.fw")) {
                cluster = FwFileParser.parse(f.path(), FileKind.CLUSTER, null, null, f.text());
            } else if (m.matches()) {
                int vmid = Integer.parseInt(m.group(1));
                guests.add(FwFileParser.parse(f.path(), FileKind.GUEST, vmid, null, f.text()));
            }
        }
        if (cluster == null) {
            warnings.add(new ParseWarning("firewall/cluster.fw", 0, "", "the generator writes no cluster.fw (no firewall "
                    + "section, or firewall.enabled is not true): pve-firewall builds no rules at all"));
            cluster = FwFile.empty("firewall/cluster.fw", FileKind.CLUSTER, null, null);
        }
        guests.sort(Comparator.comparing(FwFile::vmid));
        Inventory inventory = site.inventory();
        if (options.inventory() != null) {
            inventory = options.inventory();
        }
        if (!options.hostAddresses().isEmpty()) {
            inventory = new Inventory(inventory.hostName(), options.hostAddresses(), inventory.guests());
        }
        if (site.host().address() == null && !inventory.hostAddresses().isEmpty()) {
            // the address the warning asks for was given: the host's address is known after all
            warnings.removeIf(w -> w.message().startsWith(PhoenixEtcReader.NO_HOST_ADDRESS));
        }
        String localNetwork = options.localNetwork() != null ? options.localNetwork()
                : site.host().networks().isEmpty() ? null : site.host().networks().get(0);
        Ruleset ruleset = new Ruleset(Ruleset.SCHEMA_VERSION, site.host().name(), Ruleset.Layout.PVE, cluster, List.of(),
                guests, inventory, null, localNetwork, warnings);
        return new PhoenixRuleset(site, generated, ruleset);
    }

    /** The JSON a {@code .fw} line (as the ruleset names it) comes from. */
    public Optional<JsonLocation> declaredAt(String fwFile, int line) {
        return generated.declaredAt(fwFile, line);
    }

    public Generator generator() {
        return generated.generator();
    }

    /** The same site with another generator (or after a change to the site). */
    public PhoenixRuleset with(PhoenixSite changed) {
        return of(changed, generator(), new ReadOptions(site.host().name(), null, List.of(), ruleset.localNetwork(), null))
                .withInventoryOf(this);
    }

    private PhoenixRuleset withInventoryOf(PhoenixRuleset original) {
        if (original.ruleset.inventory().equals(original.site.inventory())) {
            return this;
        }
        return new PhoenixRuleset(site, generated, ruleset.withInventory(original.ruleset.inventory()));
    }
}
