package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.IpSet;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.config.SecurityGroup;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.AddressSpec;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds what pve-firewall's {@code compile} builds from a {@link Ruleset}: the host chains, the
 * guest chains per NIC, the security-group chains and the ipsets, in the same order and with the
 * same defaults. The result is evaluated by {@link ChainEvaluator}.
 */
public final class FirewallCompiler {

    private final Ruleset ruleset;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> refused = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Chain> groups = new HashMap<>();
    private AddressResolver addresses;
    private RuleCompiler rules;

    private FirewallCompiler(Ruleset ruleset) {
        this.ruleset = ruleset;
    }

    public static CompiledFirewall compile(Ruleset ruleset) {
        return new FirewallCompiler(ruleset).run();
    }

    private CompiledFirewall run() {
        FwFile cluster = ruleset.cluster();
        String localText = localNetwork(cluster);
        AddressSet localSet = AddressSpec.cidr(localText).addresses();
        addresses = new AddressResolver(cluster, localSet, problems);
        rules = new RuleCompiler(addresses, problems, refused);
        for (SecurityGroup g : cluster.groups()) {
            groups.put(g.name() + "|IN", groupChain(g, false));
            groups.put(g.name() + "|OUT", groupChain(g, true));
        }
        FwFile host = ruleset.host();
        String nftables = nftablesNote(host);
        if (nftables != null) {
            notes.add(nftables);
        }
        HostChainBuilder hostChains = new HostChainBuilder(ruleset, addresses, rules, this::group, localSet, localText);
        Chain hostIn = null;
        Chain hostOut = null;
        String hostOff = null;
        if (host.flag("enable", true)) {
            hostIn = hostChains.in();
            hostOut = hostChains.out();
        } else {
            hostOff = "the host firewall is off ('enable: 0' in " + host.path() + ")";
        }
        Map<Integer, GuestChains> guests = new HashMap<>();
        Map<IpAddress, int[]> index = new HashMap<>();
        Map<IpAddress, List<int[]>> alsoOn = new HashMap<>();
        GuestChainBuilder guestChains = new GuestChainBuilder(ruleset, addresses, rules, this::group);
        for (Guest g : ruleset.inventory().guests()) {
            guests.put(g.vmid(), guestChains.build(g));
            for (Nic nic : g.nics()) {
                for (String a : nic.addresses()) {
                    IpAddress ip = IpAddress.parse(a);
                    if (ip != null && index.putIfAbsent(ip, new int[] {g.vmid(), nic.index()}) != null) {
                        alsoOn.computeIfAbsent(ip, k -> new ArrayList<>()).add(new int[] {g.vmid(), nic.index()});
                    }
                }
            }
        }
        List<IpAddress> hostAddresses = ruleset.inventory().hostAddresses().stream().map(IpAddress::parse)
                .filter(a -> a != null).toList();
        compileUnreferencedRules(cluster);
        String disabled = clusterDisabled(cluster);
        if (disabled == null && !refused.isEmpty()) {
            ConfigProblem p = refused.get(0);
            notes.add("iptables refuses the port list of " + p.file() + ":" + p.line() + " (more than 15 ports, a "
                    + "service name counting as one): pve-firewall cannot load this configuration, and the rules "
                    + "it loaded before stay in force; this answer is about the configuration as written");
        }
        return new CompiledFirewall(ruleset, disabled, hostIn, hostOut, hostOff, hostChains.fwbrIn(),
                guests, groups, index, alsoOn, hostAddresses, localSet, localText, problems, refused, notes);
    }

    /**
     * What 'nftables: 1' in host.fw means for every answer, or {@code null} without it: the node runs
     * proxmox-firewall, whose chains, log lines and some verdicts differ from pve-firewall's.
     */
    public static String nftablesNote(FwFile host) {
        return host.option("nftables").filter(o -> o.value().equals("1")).map(o -> "'nftables: 1' at " + host.path()
                + ":" + o.line() + " switches this node to proxmox-firewall (nftables) where it is installed; droptrace "
                + "models pve-firewall (iptables): with nftables the chains and log lines differ (guest-<vmid>-in, no "
                + "'policy' word), a guest's REJECT drops, forward rules apply and established traffic meets the guest "
                + "rules").orElse(null);
    }

    private String localNetwork(FwFile cluster) {
        if (cluster.alias("local_network").isPresent()) {
            return cluster.alias("local_network").get().cidr();
        }
        String given = ruleset.localNetwork();
        if (given != null && AddressSpec.cidr(given).valid()) {
            return given;
        }
        notes.add("local_network is not known (pve-firewall detects it from the node's routing table); like "
                + "pve-firewall without one, droptrace uses 127.0.0.0/8: pass --local-network or define the "
                + "local_network alias in cluster.fw");
        return "127.0.0.0/8";
    }

    private String clusterDisabled(FwFile cluster) {
        Optional<OptionSetting> enable = cluster.option("enable");
        if (enable.isEmpty()) {
            return "cluster.fw has no 'enable: 1', so pve-firewall builds no rules at all (" + cluster.path() + ")";
        }
        String v = enable.get().value();
        // pve-firewall reads the value with int(): leading zeros do not count, and every value above 1
        // (also 2 to 9) is the time stamp of a pending enable, which counts as 0 once 60 seconds old
        String number = v.replaceFirst("^0+(?=\\d)", "");
        if (number.equals("0")) {
            return "the firewall is disabled: 'enable: " + v + "' in " + cluster.path() + ":" + enable.get().line();
        }
        if (!number.equals("1")) {
            return "'enable: " + v + "' in " + cluster.path() + ":" + enable.get().line()
                    + " is a time stamp; pve-firewall counts it as 0 after 60 seconds";
        }
        return null;
    }

    private Chain group(String name, boolean out) {
        return groups.get(name + (out ? "|OUT" : "|IN"));
    }

    private Chain groupChain(SecurityGroup g, boolean out) {
        String chain = "GROUP-" + g.name() + (out ? "-OUT" : "-IN");
        ChainKind kind = out ? ChainKind.GROUP_OUT : ChainKind.GROUP_IN;
        RuleCompiler.Context ctx = new RuleCompiler.Context(ruleset.cluster(), null, chain, kind, 0, true, (n, o) -> null);
        List<Entry> entries = new ArrayList<>();
        for (Rule r : g.rules()) {
            if (r.type() == (out ? RuleType.OUT : RuleType.IN)) {
                entries.add(rules.compile(r, ctx));
            }
        }
        return new Chain(chain, "security group " + g.name() + (out ? " out" : " in"), entries, 0);
    }

    /**
     * Compiles every rule once more outside any chain (forward rules, guests without chains, rules
     * of other NICs) so that each rule's errors are reported; reports are de-duplicated.
     */
    private void compileUnreferencedRules(FwFile cluster) {
        // ipsets no rule uses yet: their bad entries are reported too (each set is compiled once, cached)
        for (FwFile f : ruleset.files()) {
            for (IpSet s : f.ipsets()) {
                addresses.ipset(f, s.name());
            }
        }
        for (FwFile f : ruleset.files()) {
            FwFile scope = f.vmid() == null ? null : f;
            RuleCompiler.Context ctx = new RuleCompiler.Context(f, scope, "-", ChainKind.HOST_IN, 0, true, this::group);
            for (Rule r : f.rules()) {
                rules.compile(r, ctx);
            }
        }
        RuleCompiler.Context groupCtx = new RuleCompiler.Context(cluster, null, "-", ChainKind.GROUP_IN, 0, true,
                (n, o) -> null);
        for (SecurityGroup g : cluster.groups()) {
            for (Rule r : g.rules()) {
                rules.compile(r, groupCtx);
            }
        }
    }

    /** The log level of an option; an empty value and a missing option both mean nolog. */
    static LogLevel logLevel(FwFile file, String key) {
        return file.option(key).map(o -> o.value().isEmpty() ? LogLevel.NOLOG : LogLevel.parse(o.value()))
                .orElse(LogLevel.NOLOG);
    }
}
