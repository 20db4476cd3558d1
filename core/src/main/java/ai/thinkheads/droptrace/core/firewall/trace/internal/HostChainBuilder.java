package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.CorosyncConfig;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Builds PVEFW-HOST-IN, PVEFW-HOST-OUT and the input filters of PVEFW-FWBR-IN the way
 * pve-firewall's {@code enable_host_firewall} does: built-in accepts, host.fw rules before
 * cluster.fw rules, management and corosync accepts, then the cluster policy.
 */
final class HostChainBuilder {

    static final String HOST_IN = "PVEFW-HOST-IN";
    static final String HOST_OUT = "PVEFW-HOST-OUT";
    static final String FWBR_IN = "PVEFW-FWBR-IN";

    private final Ruleset ruleset;
    private final FwFile host;
    private final FwFile cluster;
    private final AddressResolver addresses;
    private final RuleCompiler rules;
    private final BiFunction<String, Boolean, Chain> groups;
    private final AddressSet localNetwork;
    private final String localText;

    HostChainBuilder(Ruleset ruleset, AddressResolver addresses, RuleCompiler rules,
            BiFunction<String, Boolean, Chain> groups, AddressSet localNetwork, String localText) {
        this.ruleset = ruleset;
        this.host = ruleset.host();
        this.cluster = ruleset.cluster();
        this.addresses = addresses;
        this.rules = rules;
        this.groups = groups;
        this.localNetwork = localNetwork;
        this.localText = localText;
    }

    Chain in() {
        List<Entry> e = new ArrayList<>();
        e.add(BuiltinRules.loopback(true));
        if (host.flag("ndp", true)) {
            e.add(BuiltinRules.ndp(true));
        }
        e.addAll(inputFilters());
        e.add(BuiltinRules.igmp());
        addRules(e, HOST_IN, ChainKind.HOST_IN, RuleType.IN);
        e.add(BuiltinRules.management(addresses.management()));
        e.addAll(corosync(true));
        e.addAll(policy(HOST_IN, "policy_in", "DROP", "log_level_in"));
        return new Chain(HOST_IN, "host in", e, 0);
    }

    Chain out() {
        List<Entry> e = new ArrayList<>();
        e.add(BuiltinRules.loopback(false));
        if (host.flag("ndp", true)) {
            e.add(BuiltinRules.ndp(false));
        }
        e.add(BuiltinRules.igmp());
        addRules(e, HOST_OUT, ChainKind.HOST_OUT, RuleType.OUT);
        e.add(BuiltinRules.localNetwork(localNetwork, localText));
        e.addAll(corosync(false));
        e.addAll(policy(HOST_OUT, "policy_out", "ACCEPT", "log_level_out"));
        return new Chain(HOST_OUT, "host out", e, 0);
    }

    /** The filters every packet to a firewalled guest NIC passes first (PVEFW-FWBR-IN). */
    Chain fwbrIn() {
        return new Chain(FWBR_IN, "bridge filters before guest chains", inputFilters(), 0);
    }

    private List<Entry> inputFilters() {
        // PVEFW-blacklist is created first for PVEFW-FWBR-IN with the host's log_level_out and
        // then reused for PVEFW-HOST-IN: both log at log_level_out.
        return BuiltinRules.inputFilters(addresses.blacklist().orElse(null),
                FirewallCompiler.logLevel(host, "log_level_out"), host.flag("nosmurfs", true),
                FirewallCompiler.logLevel(host, "smurf_log_level"), host.flag("tcpflags", false),
                FirewallCompiler.logLevel(host, "tcp_flags_log_level"));
    }

    private void addRules(List<Entry> entries, String chain, ChainKind kind, RuleType type) {
        for (FwFile file : List.of(host, cluster)) {
            RuleCompiler.Context ctx = new RuleCompiler.Context(file, null, chain, kind, 0, true, groups);
            for (Rule r : file.rules()) {
                if (r.type() == type || r.type() == RuleType.GROUP) {
                    entries.add(rules.compile(r, ctx));
                }
            }
        }
    }

    private List<Entry> corosync(boolean in) {
        CorosyncConfig conf = ruleset.corosync();
        List<Entry> out = new ArrayList<>();
        if (conf == null) {
            return out;
        }
        if (conf.multicast()) {
            out.add(BuiltinRules.corosyncMulticast());
        }
        Optional<CorosyncConfig.Node> self = conf.nodes().stream().filter(n -> n.name().equals(ruleset.node())).findFirst();
        if (self.isEmpty()) {
            return out;
        }
        for (CorosyncConfig.Node other : conf.nodes()) {
            if (other.name().equals(ruleset.node())) {
                continue;
            }
            for (Map.Entry<String, String> ring : other.rings().entrySet()) {
                IpAddress local = IpAddress.parse(self.get().rings().get(ring.getKey()));
                IpAddress remote = IpAddress.parse(ring.getValue());
                if (local != null && remote != null && local.version() == remote.version()) {
                    out.add(BuiltinRules.corosyncRing(local, remote, other.name(), in));
                }
            }
        }
        return out;
    }

    private List<Entry> policy(String chain, String option, String fallback, String logOption) {
        Optional<OptionSetting> set = cluster.option(option);
        Action action = Action.valueOf(set.map(OptionSetting::value).orElse(fallback));
        Optional<OptionSetting> log = host.option(logOption);
        Decider.PolicyDecision d = new Decider.PolicyDecision(action, chain, cluster.path(),
                set.map(OptionSetting::line).orElse(null), option, FirewallCompiler.logLevel(host, logOption),
                host.path(), log.map(OptionSetting::line).orElse(null), logOption);
        return policyEntries(d, 0);
    }

    /** The noise filters PVEFW-Drop/PVEFW-Reject run before a DROP/REJECT policy, then the policy. */
    static List<Entry> policyEntries(Decider.PolicyDecision d, int vmid) {
        List<Entry> out = new ArrayList<>();
        if (d.action() != Action.ACCEPT) {
            out.addAll(BuiltinRules.policyNoise(d.action() == Action.REJECT));
        }
        out.add(new Entry.PolicyEntry(d, vmid));
        return out;
    }
}
