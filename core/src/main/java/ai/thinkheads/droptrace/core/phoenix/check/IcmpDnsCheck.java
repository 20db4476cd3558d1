package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.intent.IntentVerifier;
import ai.thinkheads.droptrace.core.firewall.intent.MustWorkPath;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.intent.ProposedRule;
import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.InvalidTraceRequestException;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Class 6: a guest whose chain is compiled and that cannot be pinged from the host (the real
 * black hole of LXC 102: no ICMP rule under {@code policy_in DROP}) or cannot reach its nameserver
 * on udp/53 (the real Step-CA failure). Both are traced through the generated ruleset.
 */
final class IcmpDnsCheck {

    private IcmpDnsCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        for (PhoenixGuest g : ctx.site.guests()) {
            if (g.primaryAddress() == null || !ctx.chainOn(g.vmid())) {
                continue;
            }
            String host = ctx.hostAddressFor(g.primaryAddress());
            if (host != null) {
                ping(ctx, g, host, out);
            }
            List<String> nameservers = new ArrayList<>(g.nameservers());
            if (nameservers.isEmpty() && ctx.site.host().dnsServer() && host != null) {
                nameservers.add(host);
            }
            for (String ns : nameservers) {
                dns(ctx, g, ns, out);
            }
        }
    }

    private static void ping(CheckContext ctx, PhoenixGuest g, String host, List<PhoenixFinding> out) {
        TraceResult r = trace(ctx, TraceRequest.flow(host, g.primaryAddress(), "icmp", null));
        if (r == null || r.action() == Action.ACCEPT) {
            return;
        }
        String network = ctx.networkOf(g.primaryAddress(), host);
        if (network == null) {
            network = host;
        }
        PhoenixRule rule = PhoenixRule.proposed(g.at(), "in", "ACCEPT", network, null, "icmp", null,
                "Allow ping from the internal network");
        List<ProposedRule> fix = pingFix(ctx, g, host, rule);
        Where w = where(ctx, g, r.decidedBy());
        out.add(new PhoenixFinding(Severity.WARNING, FailureClass.ICMP_DNS_BLOCKED, "ping-blocked",
                w.declared != null ? w.declared : g.firewall().rulesAt(), w.file, w.line, w.text,
                "ping (ICMP echo-request) from the host " + host + " to " + g.label() + " is " + verb(r) + " by "
                        + r.decidedBy().describe(),
                "the guest looks dead to ping and to every check that pings first, while its services may be up; "
                        + "ICMP errors (unreachable, fragmentation needed) are built-in accepts and not the issue",
                fix.isEmpty() ? "add an IN ACCEPT rule for proto icmp"
                        : describe(fix) + " (proto icmp is outside the Phoenix schema, class 7, but the generator passes it "
                                + "through)",
                fix.isEmpty() ? rule.toJson() : fix.get(0).json()));
    }

    /**
     * The site's own remedy (ICMP from the internal network, in the guest's rules) when that is
     * enough; otherwise the rules the verifier proves necessary (a host chain may block first).
     */
    private static List<ProposedRule> pingFix(CheckContext ctx, PhoenixGuest g, String host, PhoenixRule rule) {
        var own = new PhoenixRuleSource(ctx.phoenix).proposeRule(g.vmid(), null, rule);
        if (own.isPresent()) {
            TraceResult again = RuleTracer.compile(own.get().next().ruleset())
                    .trace(TraceRequest.flow(host, g.primaryAddress(), "icmp", null));
            if (again.action() == Action.ACCEPT) {
                return List.of(own.get().rule());
            }
        }
        MustWorkPath path = new MustWorkPath("ping-" + g.vmid(), null, "host", g.zone(), host, g.primaryAddress(), "icmp", 0,
                true);
        PathVerdict v = IntentVerifier.verify(new PhoenixRuleSource(ctx.phoenix), List.of(path),
                p -> "Allow ping from the host").get(0);
        return v.fix();
    }

    /**
     * Every rule a fix needs, each where it goes and the line it becomes: a path stopped by the host's chain
     * first is often stopped again by the guest's, and a fix naming only the first leaves it blocked.
     */
    private static String describe(List<ProposedRule> fix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fix.size(); i++) {
            ProposedRule f = fix.get(i);
            if (i > 0) {
                b.append("; and ").append(f.where()).append(": ").append(f.json()).append(',');
            } else {
                b.append(f.where()).append(';');
            }
            b.append(" the generator writes ").append(f.file()).append(": ").append(f.fwLine());
        }
        return b.toString();
    }

    private static void dns(CheckContext ctx, PhoenixGuest g, String ns, List<PhoenixFinding> out) {
        MustWorkPath path = new MustWorkPath("dns-" + g.vmid(), "DNS of " + g.label(), g.zone(), ns, g.primaryAddress(), ns, "udp",
                53, true);
        PathVerdict v = IntentVerifier.verify(new PhoenixRuleSource(ctx.phoenix), List.of(path),
                p -> "Allow DNS to " + ns).get(0);
        if (v.action() == null || v.action() == Action.ACCEPT) {
            return;
        }
        TraceResult r = trace(ctx, TraceRequest.flow(g.primaryAddress(), ns, "udp", 53));
        Where w = where(ctx, g, r.decidedBy());
        ProposedRule first = v.fix().isEmpty() ? null : v.fix().get(0);
        out.add(new PhoenixFinding(Severity.WARNING, FailureClass.ICMP_DNS_BLOCKED, "dns-blocked",
                w.declared != null ? w.declared : g.firewall().rulesAt(), w.file, w.line, w.text,
                g.label() + " cannot resolve names: udp/53 to its nameserver " + ns + " is " + verb(r) + " by "
                        + v.decidedBy(),
                "every name lookup of the guest times out (ACME, package updates, health checks by name)",
                first == null ? "allow udp/53 (and tcp/53) to " + ns : describe(v.fix()),
                first == null ? null : first.json()));
    }

    private record Where(JsonLocation declared, String file, int line, String text) {
    }

    /** The {@code .fw} line that decided, and its JSON; a default policy points at the guest's {@code enable: 1}. */
    private static Where where(CheckContext ctx, PhoenixGuest g, Decider d) {
        if (d instanceof Decider.RuleDecision rule) {
            return new Where(ctx.phoenix.declaredAt(rule.rule().file(), rule.rule().line()).orElse(null), rule.rule().file(),
                    rule.rule().line(), rule.rule().text());
        }
        if (d instanceof Decider.PolicyDecision pol) {
            if (pol.line() != null) {
                return new Where(ctx.phoenix.declaredAt(pol.file(), pol.line()).orElse(null), pol.file(), pol.line(),
                        pol.option() + ": " + pol.action());
            }
            return new Where(null, pol.file(), ctx.enableLine(g.vmid()), "enable: 1 (" + pol.option() + " not set: "
                    + pol.action() + ")");
        }
        return new Where(null, null, 0, "");
    }

    private static TraceResult trace(CheckContext ctx, TraceRequest request) {
        try {
            return ctx.tracer.trace(request);
        } catch (InvalidTraceRequestException e) {
            return null;
        }
    }

    private static String verb(TraceResult r) {
        return r.action() == Action.REJECT ? "rejected" : "dropped";
    }
}
