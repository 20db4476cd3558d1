package ai.thinkheads.droptrace.core.firewall.lint;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.IpSet;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Chain;
import ai.thinkheads.droptrace.core.firewall.trace.internal.CompiledFirewall;
import ai.thinkheads.droptrace.core.firewall.trace.internal.ConfigProblem;
import ai.thinkheads.droptrace.core.firewall.trace.internal.FirewallCompiler;
import ai.thinkheads.droptrace.core.firewall.trace.internal.GuestChains;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code droptrace rules check}: what in a configuration does not do what it seems to. Lines
 * pve-firewall skips or leaves out (errors), rules shadowed by earlier rules, rules that never
 * apply (guest firewall off, NIC {@code firewall=0}), and drops that are not or cannot be logged.
 */
public final class RulesChecker {

    private RulesChecker() {
    }

    public static List<Finding> check(RuleTracer tracer) {
        CompiledFirewall fw = tracer.compiled();
        Ruleset ruleset = tracer.ruleset();
        List<Finding> out = new ArrayList<>();
        parseWarnings(ruleset, out);
        // nothing is loaded while the firewall is off ('firewall-off' says so), so nothing is refused either
        for (ConfigProblem p : fw.enabled() ? fw.refusedByIptables() : List.<ConfigProblem>of()) {
            out.add(new Finding(Severity.ERROR, "iptables-refuses", p.file(), p.line(), p.text(), p.message()
                    + ": pve-firewall compiles the rule, iptables-restore refuses the ruleset it is in, and "
                    + "pve-firewall loads none of this configuration (its journal shows iptables-restore's 'too many "
                    + "ports specified'); the rules it loaded before stay in force",
                    "split the list into rules of at most 15 ports each (a name counts as one, a range as two)"));
        }
        for (ConfigProblem p : fw.problems()) {
            // only a GROUP naming no [group] is compiled (as an empty chain); a GROUP inside a group or with a bad
            // name is a rule error verify_rule gives ('security groups not allowed'), never compiled
            String code = p.message().startsWith("security group '") ? "unknown-group"
                    : p.message().startsWith("ipset entry") ? "ipset-entry" : "rule-error";
            out.add(new Finding(Severity.ERROR, code, p.file(), p.line(), p.text(), p.message(),
                    code.equals("rule-error") ? "pve-firewall does not compile this rule until the error is fixed" : null));
        }
        if (!fw.enabled()) {
            out.add(new Finding(Severity.WARNING, "firewall-off", ruleset.cluster().path(),
                    ruleset.cluster().option("enable").map(o -> o.line()).orElse(0), "", fw.disabledReason(),
                    "set 'enable: 1' in [OPTIONS] of " + ruleset.cluster().path()));
        }
        FwFile host = ruleset.host();
        if (fw.enabled() && !host.flag("enable", true)) {
            // trace says so for every packet to or from the host; the check says it once, where it is set
            out.add(new Finding(host.rules().isEmpty() ? Severity.INFO : Severity.WARNING, "host-firewall-off",
                    host.path(), host.option("enable").map(o -> o.line()).orElse(0), "enable: 0",
                    "the host firewall is off ('enable: 0'): " + (host.rules().isEmpty() ? "" : "its "
                            + host.rules().size() + " rule(s), ") + "the cluster's IN/OUT rules and the built-in "
                            + "host rules do not apply, so traffic to and from the host is not filtered",
                    "set 'enable: 1' in [OPTIONS] of " + host.path() + " (or leave the line out: on is the default)"));
        }
        String nftables = FirewallCompiler.nftablesNote(host);
        if (nftables != null) {
            out.add(new Finding(Severity.WARNING, "nftables-backend", host.path(),
                    host.option("nftables").orElseThrow().line(), "nftables: 1", nftables,
                    "read droptrace's answers with these differences in mind, or leave out 'nftables: 1'"));
        }
        guests(fw, out);
        rulesForNoNic(fw, ruleset, out);
        ShadowCheck shadows = new ShadowCheck();
        for (Chain c : chains(fw)) {
            shadows.check(c);
        }
        out.addAll(shadows.findings());
        emptyIpsets(ruleset, fw, out);
        DuplicateDefinitions.check(ruleset, out);
        GuestRulesInHostChains.check(fw, out);
        LoggingFindings.add(tracer, out);
        pings(tracer, fw, out);
        out.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::file).thenComparingInt(Finding::line));
        return out;
    }

    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private static void parseWarnings(Ruleset ruleset, List<Finding> out) {
        for (FwFile f : ruleset.files()) {
            for (ParseWarning w : f.warnings()) {
                out.add(new Finding(Severity.ERROR, "parse", w.file(), w.line(), w.text(), w.message() + "; line skipped",
                        null));
            }
        }
        for (ParseWarning w : ruleset.warnings()) {
            out.add(new Finding(Severity.WARNING, "inventory", w.file(), w.line(), w.text(), w.message(), null));
        }
    }

    private static void guests(CompiledFirewall fw, List<Finding> out) {
        for (GuestChains gc : fw.guests().values()) {
            FwFile f = gc.file();
            if (f == null) {
                continue;
            }
            int optionsLine = f.section("OPTIONS").map(s -> s.line()).orElse(0);
            if (!gc.enabled() && !f.rules().isEmpty()) {
                out.add(new Finding(Severity.WARNING, "guest-disabled", f.path(), optionsLine, "",
                        "the firewall of guest " + f.vmid() + " is off (no 'enable: 1'): its " + f.rules().size()
                                + " rule(s) and policies do not apply", "set 'enable: 1' in [OPTIONS] of " + f.path()));
            }
            if (!gc.enabled()) {
                continue;
            }
            for (Nic nic : gc.guest().nics()) {
                if (!nic.firewall()) {
                    String conf = (gc.guest().type() == GuestType.LXC ? "lxc/" : "qemu-server/") + f.vmid() + ".conf";
                    out.add(new Finding(Severity.WARNING, "nic-firewall-off", f.path(), optionsLine, "",
                            nic.name() + " of guest " + f.vmid() + " has firewall=0 in " + conf + ": the rules of "
                                    + f.path() + " do not filter its traffic",
                            "set firewall=1 on " + nic.name() + " (pct/qm set " + f.vmid() + " --" + nic.name() + " ...)"));
                }
            }
            if (f.flag("ipfilter", false) || f.ipsets().stream().anyMatch(s -> s.name().startsWith("ipfilter-"))) {
                out.add(new Finding(Severity.INFO, "never-logged", f.path(), optionsLine, "",
                        "packets guest " + f.vmid() + " sends from addresses outside its ipfilter sets are dropped "
                                + "and never logged", null));
            }
        }
    }

    /**
     * A guest rule or GROUP line with {@code -i net5} for a NIC the guest has not: pve-firewall compiles a guest's
     * rules into the chains of its NICs, each taking the lines without -i or with its own name, so this line is in
     * no chain and filters nothing, without a word (a NIC renumbered, a rule copied from another guest).
     */
    private static void rulesForNoNic(CompiledFirewall fw, Ruleset ruleset, List<Finding> out) {
        for (GuestChains gc : fw.guests().values()) {
            FwFile f = gc.file();
            if (f == null || !gc.enabled() || ruleset.warnings().stream().anyMatch(w -> w.file().equals(f.path())
                    && w.message().startsWith(ConfigDirectoryReader.NO_GUEST_CONFIGURATION))) {
                continue; // without its configuration droptrace does not know the guest's NICs
            }
            List<String> nics = gc.guest().nics().stream().map(Nic::name).toList();
            for (Rule r : f.rules()) {
                if (r.iface() != null && r.enabled() && r.errors().isEmpty() && !nics.contains(r.iface())) {
                    out.add(new Finding(Severity.WARNING, "no-such-nic", f.path(), r.line(), r.text(), "guest "
                            + f.vmid() + " has no " + r.iface() + " (" + (nics.isEmpty() ? "no NIC at all"
                            : "its NICs: " + String.join(", ", nics)) + "): pve-firewall compiles this line into "
                            + "none of its chains, so it filters nothing", "name one of its NICs with -i, or leave -i "
                            + "out for all of them"));
                }
            }
        }
    }

    private static List<Chain> chains(CompiledFirewall fw) {
        List<Chain> all = new ArrayList<>();
        if (fw.hostIn() != null) {
            all.add(fw.hostIn());
            all.add(fw.hostOut());
        }
        fw.groups().values().forEach(all::add);
        for (GuestChains gc : fw.guests().values()) {
            for (GuestChains.NicChains n : gc.nics().values()) {
                all.add(n.in());
                all.add(n.out());
            }
        }
        all.sort(Comparator.comparing(Chain::name));
        return all;
    }

    private static void emptyIpsets(Ruleset ruleset, CompiledFirewall fw, List<Finding> out) {
        // entries left out when the set is compiled (an alias no file defines, or defines further down) count as
        // unusable as much as those pve-firewall cannot read
        Set<String> leftOut = new HashSet<>();
        for (ConfigProblem p : fw.problems()) {
            if (p.message().startsWith("ipset entry left out")) {
                leftOut.add(p.file() + ":" + p.line());
            }
        }
        for (FwFile f : ruleset.files()) {
            for (IpSet s : f.ipsets()) {
                boolean empty = s.entries().stream()
                        .noneMatch(e -> e.errors().isEmpty() && !leftOut.contains(f.path() + ":" + e.line()));
                boolean special = s.name().equals("management") || s.name().equals("blacklist");
                if (empty && !special) {
                    out.add(new Finding(Severity.WARNING, "empty-ipset", f.path(), s.line(), "[IPSET " + s.name() + "]",
                            "ipset '" + s.name() + "' has no usable entry: rules that use it never match", null));
                }
            }
        }
    }

    /** Guests whose policy drops ping (the Phoenix black hole: no rule allows ICMP under policy_in DROP). */
    private static void pings(RuleTracer tracer, CompiledFirewall fw, List<Finding> out) {
        if (!fw.enabled()) {
            return;
        }
        for (GuestChains gc : fw.guests().values()) {
            if (!gc.enabled() || gc.nics().isEmpty()) {
                continue;
            }
            int nic = gc.nics().keySet().stream().min(Integer::compare).orElseThrow();
            Zone to = new Zone.Guest(gc.guest().vmid(), gc.guest().type() == GuestType.LXC, nic);
            TraceRequest ping = TraceRequest.between(Zone.OUTSIDE, to, "icmp", null).withAddresses("198.51.100.1",
                    gc.guest().nics().stream().filter(n -> n.index() == nic).flatMap(n -> n.addresses().stream())
                            .filter(a -> !a.contains(":")).findFirst().orElse("100.200.3.4"));
            TraceResult r = tracer.trace(ping);
            if (r.action() != Action.ACCEPT && r.decidedBy() instanceof Decider.PolicyDecision p
                    && gc.file().rules().stream().noneMatch(RulesChecker::mentionsIcmp)) {
                out.add(new Finding(Severity.INFO, "ping-dropped", gc.file().path(),
                        p.line() == null ? 0 : p.line(), "", "ping (icmp echo-request) to guest " + gc.guest().vmid()
                                + " is dropped by its " + p.option() + " " + p.action() + ": no rule accepts ICMP",
                        "if ping should work, add 'IN ACCEPT -p icmp -icmp-type echo-request' (or 'IN Ping(ACCEPT)')"));
            }
        }
    }

    private static boolean mentionsIcmp(Rule r) {
        return r.type() == RuleType.IN && ("icmp".equals(r.proto()) || "Ping".equalsIgnoreCase(r.macro()));
    }
}
