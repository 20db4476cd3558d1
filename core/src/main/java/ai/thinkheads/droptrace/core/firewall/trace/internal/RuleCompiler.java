package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.macro.Macro;
import ai.thinkheads.droptrace.core.firewall.macro.MacroEntry;
import ai.thinkheads.droptrace.core.firewall.macro.Macros;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.firewall.net.PortSpec;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.RuleRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** Compiles a rule line into a chain entry: its matches per IP version, or the reason it is left out. */
final class RuleCompiler {

    /**
     * Where a rule is compiled.
     *
     * @param file the file it is written in
     * @param guestScope the guest file whose aliases and ipsets it may use, or {@code null}
     * @param chain the chain name ({@code tap100i0-IN})
     * @param firstNic true when this is the first NIC pve-firewall compiles the rule for (its log
     *     message keeps the action as written there)
     * @param groups the chain of a security group by name and direction, {@code null} when unknown
     */
    record Context(FwFile file, FwFile guestScope, String chain, ChainKind kind, int logVmid, boolean firstNic,
            BiFunction<String, Boolean, Chain> groups) {
    }

    private final AddressResolver addresses;
    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> refused;
    private final Set<String> reported = new HashSet<>();

    RuleCompiler(AddressResolver addresses, List<ConfigProblem> problems, List<ConfigProblem> refused) {
        this.addresses = addresses;
        this.problems = problems;
        this.refused = refused;
    }

    Entry compile(Rule rule, Context ctx) {
        RuleRef ref = new RuleRef(ctx.file().path(), rule.line(), rule.section(), rule.text(), ctx.chain(), rule.log());
        if (!rule.enabled()) {
            return new Entry.SkippedEntry(ref, "disabled (leading |)", action(rule));
        }
        List<String> errors = new ArrayList<>(rule.errors());
        if (rule.type() == RuleType.GROUP) {
            return errors.isEmpty() ? group(rule, ref, ctx) : skip(ref, rule, errors);
        }
        AddressResolver.Resolved source = rule.source() == null ? null : addresses.resolve(rule.source(), ctx.guestScope());
        AddressResolver.Resolved dest = rule.dest() == null ? null : addresses.resolve(rule.dest(), ctx.guestScope());
        if (source != null && source.error() != null && errors.stream().noneMatch(e -> e.startsWith("source:"))) {
            errors.add("source: " + source.error());
        }
        if (dest != null && dest.error() != null && errors.stream().noneMatch(e -> e.startsWith("dest:"))) {
            errors.add("dest: " + dest.error());
        }
        // pve-firewall checks a rule's names against the lines above it in its file (verify_rule when it parses)
        for (String option : new String[] {"source", "dest"}) {
            String value = option.equals("source") ? rule.source() : rule.dest();
            AddressResolver.Resolved resolved = option.equals("source") ? source : dest;
            String below = resolved == null || resolved.error() != null ? null
                    : addresses.definedBelow(value, ctx.file(), rule.line(), ctx.guestScope());
            if (below != null && errors.stream().noneMatch(e -> e.startsWith(option + ":"))) {
                errors.add(option + ": " + below);
            }
        }
        int version = version(rule, source, dest, errors);
        Macro macro = rule.macro() == null ? null : Macros.find(rule.macro()).orElse(null);
        List<Match> v4 = new ArrayList<>();
        List<Match> v6 = new ArrayList<>();
        if (errors.isEmpty()) {
            for (int family : new int[] {4, 6}) {
                if (version != 0 && version != family) {
                    continue;
                }
                List<Match> out = family == 4 ? v4 : v6;
                if (macro != null) {
                    for (MacroEntry e : macro.entries(family)) {
                        out.add(match(rule, family, e.proto(), e.dport() != null ? e.dport() : rule.dport(),
                                e.sport() != null ? e.sport() : rule.sport(), source, dest, ctx, e.toString(), errors));
                    }
                } else {
                    out.add(match(rule, family, rule.proto(), rule.dport(), rule.sport(), source, dest, ctx, null, errors));
                }
            }
        }
        if (!errors.isEmpty()) {
            return skip(ref, rule, errors);
        }
        Action action = Action.valueOf(rule.action()); // checked: IN/OUT/FORWARD rules without errors
        int firstFamily = version == 6 ? 6 : 4;
        String written = rule.action() + ": ";
        String rewritten = ctx.kind().rewritten(rule.action()) + ": ";
        String m4 = ctx.kind().group() ? "" : (firstFamily == 4 && ctx.firstNic() ? written : rewritten);
        String m6 = ctx.kind().group() ? "" : (firstFamily == 6 && ctx.firstNic() ? written : rewritten);
        return new Entry.RuleEntry(ref, action, List.copyOf(v4), List.copyOf(v6), m4, m6, ctx.logVmid(), macro != null);
    }

    private Entry group(Rule rule, RuleRef ref, Context ctx) {
        boolean out = !ctx.kind().in();
        Chain chain = ctx.groups().apply(rule.action(), out);
        if (chain == null) {
            report(ref, rule, "security group '" + rule.action() + "' does not exist (group names are lower case)"
                    + "; pve-firewall compiles it as an empty chain");
        }
        String iface = ctx.kind() == ChainKind.HOST_IN || ctx.kind() == ChainKind.HOST_OUT ? rule.iface() : null;
        return new Entry.GroupEntry(ref, rule.action(), iface, out, chain);
    }

    private Entry skip(RuleRef ref, Rule rule, List<String> errors) {
        for (String e : errors) {
            report(ref, rule, e);
        }
        return new Entry.SkippedEntry(ref, "has errors, not compiled: " + String.join("; ", errors), action(rule));
    }

    /** The action of an IN or OUT rule, or {@code null} (a GROUP line, an action pve-firewall does not know). */
    private static Action action(Rule rule) {
        boolean known = rule.action().equals("ACCEPT") || rule.action().equals("DROP") || rule.action().equals("REJECT");
        return (rule.type() == RuleType.IN || rule.type() == RuleType.OUT) && known ? Action.valueOf(rule.action()) : null;
    }

    private void report(RuleRef ref, Rule rule, String message) {
        if (reported.add(ref.file() + ":" + ref.line() + ":" + message)) {
            problems.add(new ConfigProblem(ref.file(), rule.line(), rule.text(), message));
        }
    }

    /**
     * A list pve-firewall compiles and iptables refuses: the rule stays, as pve-firewall has it; the problem is said
     * for a rule in a chain pve-firewall builds (not for one compiled only to find its errors: chain "-").
     */
    private void refused(Context ctx, Rule rule, String option, PortSpec spec) {
        String file = ctx.file().path();
        String message = option + ": " + spec.refusedByIptables();
        if (spec.refusedByIptables() != null && !ctx.chain().equals("-")
                && reported.add(file + ":" + rule.line() + ":" + message)) {
            refused.add(new ConfigProblem(file, rule.line(), rule.text(), message));
        }
    }

    private static int version(Rule rule, AddressResolver.Resolved source, AddressResolver.Resolved dest,
            List<String> errors) {
        int version = 0;
        String proto = rule.proto();
        if ("icmp".equals(proto)) {
            version = 4;
        } else if ("icmpv6".equals(proto) || "ipv6-icmp".equals(proto)) {
            version = 6;
        }
        for (AddressResolver.Resolved r : new AddressResolver.Resolved[] {source, dest}) {
            if (r == null || r.error() != null || r.version() == 0) {
                continue;
            }
            if (version != 0 && version != r.version()) {
                if (errors.stream().noneMatch(e -> e.contains("detected mixed ipv4/ipv6"))) {
                    errors.add("detected mixed ipv4/ipv6 addresses in rule"); // unless the parser said so already
                }
                return 0;
            }
            version = r.version();
        }
        return version;
    }

    private Match match(Rule rule, int family, String proto, String dport, String sport,
            AddressResolver.Resolved source, AddressResolver.Resolved dest, Context ctx, String label, List<String> errors) {
        Match.Builder b = Match.builder().family(family).label(label == null ? "" : label);
        if ((ctx.kind() == ChainKind.HOST_IN || ctx.kind() == ChainKind.HOST_OUT) && rule.iface() != null) {
            b.iface(rule.iface(), ctx.kind() == ChainKind.HOST_OUT);
        }
        if (source != null) {
            b.source(source.set(), rule.source());
        }
        if (dest != null) {
            b.dest(dest.set(), rule.dest());
        }
        if (proto != null) {
            int number = Protocols.number(proto);
            b.proto(number);
            boolean icmp = proto.equals("icmp") || proto.equals("icmpv6");
            // pve-firewall keeps ICMP types in the dport slot; for port protocols "-dport 0" means no port
            if (dport != null && icmp) {
                icmp(b, proto, dport, "dport", errors);
            } else if (dport != null && !dport.equals("0")) {
                PortSpec spec = PortSpec.parse(dport);
                if (spec.valid()) {
                    b.dports(spec.ports());
                    refused(ctx, rule, "dport", spec);
                } else {
                    errors.add("dport: " + spec.error());
                }
            }
            if (sport != null && !sport.equals("0")) { // ipt_rule_to_cmds: 'return if !$rule->{sport}'
                PortSpec spec = PortSpec.parse(sport);
                if (spec.valid()) {
                    b.sports(spec.ports());
                    refused(ctx, rule, "sport", spec);
                } else {
                    errors.add("sport: " + spec.error());
                }
            }
            if ("0".equals(rule.icmpType()) && !proto.equals("icmp") && !proto.equals("icmpv6")
                    && !proto.equals("ipv6-icmp")) {
                // which verify_rule let pass ('-icmp-type 0' is false to it); ipt_rule_to_cmds dies on it
                errors.add("icmp-type: 'icmp-type' can only be set if 'icmp', 'icmpv6' or 'ipv6-icmp' is specified");
            } else if (rule.icmpType() != null) {
                icmp(b, proto, rule.icmpType(), "icmp-type", errors);
            }
        }
        return b.build();
    }

    private static void icmp(Match.Builder b, String proto, String type, String option, List<String> errors) {
        IcmpType t = proto.equals("icmp") ? IcmpType.v4(type) : IcmpType.v6(type);
        if (t == null) {
            errors.add(option + ": invalid ICMP type '" + type + "' for proto '" + proto + "'");
        } else {
            b.icmp(t);
        }
    }
}
