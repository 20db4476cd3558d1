package ai.thinkheads.droptrace.core.firewall.config;

import ai.thinkheads.droptrace.core.inventory.Inventory;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the firewall of one node is built from: every parsed {@code .fw} file, the guests and
 * their NICs, the corosync nodes and the local network. It is plain data (records, JSON round-trip
 * with {@code Json.events()}), so it can be published to a compacted topic and compiled into a
 * {@code RuleTracer} anywhere.
 *
 * @param schema version of this JSON shape
 * @param node the node whose firewall is simulated (its {@code host.fw} applies)
 * @param layout how the directory it came from is laid out, for writing a missing {@code host.fw}
 * @param cluster {@code cluster.fw}; an empty file when it does not exist
 * @param hosts every node's {@code host.fw} that exists
 * @param guests every {@code <vmid>.fw} that exists
 * @param corosync the corosync nodes and transport, or {@code null} when unknown
 * @param localNetwork the node's local network when given or detected ({@code 10.0.0.0/24}); a
 *     {@code local_network} alias in cluster.fw overrides it; {@code null} when unknown
 * @param warnings problems found while reading that belong to no single {@code .fw} file
 *     (guest configurations, missing files); each file's own warnings are in the file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ruleset(
        int schema,
        String node,
        Layout layout,
        FwFile cluster,
        List<FwFile> hosts,
        List<FwFile> guests,
        Inventory inventory,
        CorosyncConfig corosync,
        String localNetwork,
        List<ParseWarning> warnings) {

    public static final int SCHEMA_VERSION = 1;

    /** {@code PVE}: {@code firewall/}, {@code nodes/<node>/} as in {@code /etc/pve}; {@code FLAT}: all files in one folder. */
    public enum Layout { PVE, FLAT }

    public Ruleset {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(inventory, "inventory");
        if (cluster.kind() != FileKind.CLUSTER) {
            throw new IllegalArgumentException("cluster must be a cluster file");
        }
        hosts = List.copyOf(hosts);
        guests = List.copyOf(guests);
        warnings = List.copyOf(warnings);
    }

    /** The host file of {@link #node()}, or an empty one at its expected path. */
    public FwFile host() {
        return hosts.stream().filter(h -> node.equals(h.node())).findFirst()
                .orElseGet(() -> FwFile.empty(hostPath(node), FileKind.HOST, null, node));
    }

    public Optional<FwFile> guest(int vmid) {
        return guests.stream().filter(g -> g.vmid() == vmid).findFirst();
    }

    /** Where the host file of {@code node} lives in this layout. */
    public String hostPath(String nodeName) {
        return layout == Layout.PVE ? "nodes/" + nodeName + "/host.fw" : "host.fw";
    }

    /** Where the file of guest {@code vmid} lives in this layout. */
    public String guestPath(int vmid) {
        return layout == Layout.PVE ? "firewall/" + vmid + ".fw" : vmid + ".fw";
    }

    /**
     * Where a rule added at the end of the rules of file {@code path} goes, in words: {@code at the end of [RULES] of
     * firewall/102.fw}; for a file without a {@code [RULES]} section (a guest file with only {@code [OPTIONS]}, as the
     * GUI writes it), or one that does not exist yet (host.fw), the header to write with it, since a rule line added
     * under {@code [OPTIONS]} is a line pve-firewall skips.
     */
    public String endOfRules(String path) {
        Optional<FwFile> file = files().stream().filter(f -> f.path().equals(path)).findFirst();
        if (file.isEmpty()) {
            return "in " + path + ", a new file, below a line '[RULES]'";
        }
        if (file.get().section("RULES").isEmpty()) {
            return "at the end of " + path + ", below a new line '[RULES]' (it has no [RULES] section)";
        }
        return "at the end of [RULES] of " + path;
    }

    /** Every file, cluster first, then hosts, then guests. */
    public List<FwFile> files() {
        List<FwFile> all = new ArrayList<>();
        all.add(cluster);
        all.addAll(hosts);
        all.addAll(guests);
        return all;
    }

    /** Every warning: the files' own and the directory's. */
    public List<ParseWarning> allWarnings() {
        List<ParseWarning> all = new ArrayList<>(warnings);
        for (FwFile f : files()) {
            all.addAll(f.warnings());
        }
        return all;
    }

    /** A copy with another inventory (for a separate inventory file). */
    public Ruleset withInventory(Inventory replacement) {
        return new Ruleset(schema, node, layout, cluster, hosts, guests, replacement, corosync, localNetwork, warnings);
    }
}
