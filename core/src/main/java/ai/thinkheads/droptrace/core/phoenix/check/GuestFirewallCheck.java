package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.net.PortSpec;
import ai.thinkheads.droptrace.core.phoenix.FirewallSection;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleSource;
import ai.thinkheads.droptrace.core.phoenix.ServicePort;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Class 2: a guest with rules whose {@code .fw} never gets {@code enable: 1} (its rules are never
 * compiled), or a guest whose firewall is on, under the guest default {@code policy_in DROP}, with
 * no rule for a port it serves.
 */
final class GuestFirewallCheck {

    private GuestFirewallCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        FirewallSection global = ctx.site.firewall();
        if (global != null && !global.isEnabled()) {
            out.add(siteOff(ctx, global));
        }
        for (PhoenixGuest g : ctx.site.guests()) {
            FirewallSection fw = g.firewall();
            int declared = (fw == null ? 0 : fw.rules().size())
                    + ctx.site.stacksOf(g.vmid()).stream().mapToInt(s -> s.rules().size()).sum();
            if (declared > 0 && !ctx.chainOn(g.vmid())) {
                notCompiled(ctx, g, declared, out);
            } else if (ctx.chainOn(g.vmid()) && !ctx.policyIn(g.vmid()).equals("ACCEPT")) {
                services(ctx, g, out);
            }
        }
    }

    private static void notCompiled(CheckContext ctx, PhoenixGuest g, int declared, List<PhoenixFinding> out) {
        String file = "firewall/" + g.vmid() + ".fw";
        FwFile written = ctx.guestFile(g.vmid()).orElse(null);
        boolean hasRules = written != null && !written.rules().isEmpty();
        if (g.firewall() == null) {
            out.add(noFirewallSection(ctx, g, written == null ? null : file));
        } else if (!g.firewall().isEnabled()) {
            out.add(new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_FIREWALL_INEFFECTIVE, "guest-firewall-disabled",
                    g.firewall().enabledAt() != null ? g.firewall().enabledAt() : g.firewall().at(),
                    written == null ? null : file, 0, "",
                    g.label() + " declares " + declared + " rule(s) but its firewall.enabled is not true",
                    (ctx.phoenix.generator() == Generator.NEW && written != null ? "the generator writes an empty " + file
                            : "no " + file + " gets 'enable: 1'") + ": none of its rules reach pve-firewall, everything "
                            + "reaches the guest",
                    "set \"enabled\": true (then its policy_in DROP applies: allow what it serves, ICMP and DNS first)",
                    "\"enabled\": true"));
        } else if (g.type() == GuestType.LXC && hasRules) {
            out.add(new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_FIREWALL_INEFFECTIVE, "guest-not-enabled",
                    g.firewall().at(), file, written.section("RULES").map(s -> s.line()).orElse(0), "[RULES]",
                    "lxc-manager creates the " + written.rules().size() + " rule(s) of " + g.label() + " through the API "
                            + "but never sets the guest firewall option 'enable': " + file + " has no 'enable: 1'",
                    "pve-firewall compiles none of its rules and no policy: every packet reaches the guest, and what "
                            + "the rules seem to block is not blocked",
                    "pvesh set /nodes/" + ctx.site.host().name() + "/lxc/" + g.vmid() + "/firewall/options --enable 1 "
                            + "after each sync, or the per-guest generator (2025-11-14 on), which writes 'enable: 1'",
                    null));
        }
    }

    /** The global section not enabled: the setup script runs 'pve-firewall stop' and writes nothing, for any guest. */
    private static PhoenixFinding siteOff(CheckContext ctx, FirewallSection global) {
        List<String> enabled = ctx.site.guests().stream().filter(PhoenixGuest::firewallEnabled).map(PhoenixGuest::label)
                .toList();
        String path = JsonLocation.member(global.at().path(), "enabled");
        return new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_FIREWALL_INEFFECTIVE, "site-firewall-disabled",
                global.enabledAt() != null ? global.enabledAt() : new JsonLocation(global.at().file(), path, global.at().line()),
                "firewall/cluster.fw", 0, "",
                path + " is not true: the setup script stops pve-firewall and writes no cluster.fw"
                        + (ctx.phoenix.generator() == Generator.NEW ? " and no guest file"
                                : " (lxc-manager and vm-manager still write the guests' rules, which a stopped pve-firewall "
                                        + "does not apply)"),
                "no rule of the Phoenix JSON applies: the host and the " + enabled.size() + " guest(s) whose firewall the "
                        + "JSON enables (" + String.join(", ", enabled) + ") are not filtered at all",
                "set \"enabled\": true at " + path + " (then the host's and every enabled guest's DROP policy applies: "
                        + "allow what they serve, ICMP and DNS first)",
                "\"enabled\": true");
    }

    /** A VM with no firewall object whose stacks declare rules: the generator merges them only into an enabled guest's file. */
    private static PhoenixFinding noFirewallSection(CheckContext ctx, PhoenixGuest g, String file) {
        List<String> stacks = ctx.site.stacksOf(g.vmid()).stream().filter(s -> !s.rules().isEmpty())
                .map(s -> s.stack() + " with " + s.rules().size() + " rule(s)").toList();
        return new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_FIREWALL_INEFFECTIVE, "guest-firewall-disabled",
                g.at(), file, 0, "",
                g.label() + " deploys stack " + String.join(", ", stacks) + " but has no firewall section, so the "
                        + "generator merges them into no file",
                (file != null ? "the generator writes an empty " + file : "no firewall/" + g.vmid() + ".fw is written")
                        + ": none of the stack's rules reach pve-firewall, everything reaches the guest",
                "add \"firewall\": {\"enabled\": true, \"rules\": []} to " + g.at().path() + " (then its policy_in DROP "
                        + "applies: allow what it serves, ICMP and DNS first)",
                "\"firewall\": {\"enabled\": true, \"rules\": []}");
    }

    private static void services(CheckContext ctx, PhoenixGuest g, List<PhoenixFinding> out) {
        FwFile file = ctx.guestFile(g.vmid()).orElse(null);
        if (file == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (ServicePort s : g.services()) {
            // Traefik's entry points are reached by the proxies in front of it: the port-mismatch check covers them.
            if (s.what().startsWith("traefik entry point") || !seen.add(s.proto() + "/" + s.port()) || accepts(file, s)) {
                continue;
            }
            String source = traefikProxied(s) ? ctx.site.guests().stream()
                    .filter(t -> t.name() != null && t.name().toLowerCase(Locale.ROOT).contains("traefik")
                            && t.primaryAddress() != null)
                    .map(PhoenixGuest::primaryAddress).findFirst().orElse(network(ctx)) : network(ctx);
            PhoenixRule rule = PhoenixRule.proposed(g.at(), "in", "ACCEPT", source, null, s.proto(),
                    Integer.toString(s.port()), "Allow what " + (g.name() == null ? "the guest" : g.name()) + " serves");
            var fix = new PhoenixRuleSource(ctx.phoenix).proposeRule(g.vmid(), null, rule);
            out.add(new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_FIREWALL_INEFFECTIVE, "service-not-allowed",
                    s.at(), file.path(), ctx.enableLine(g.vmid()), "enable: 1",
                    g.label() + " serves " + s.proto() + "/" + s.port() + " (" + s.what() + ") but its firewall is on "
                            + "with policy_in " + ctx.policyIn(g.vmid()) + " and no rule accepts " + s.proto() + "/" + s.port(),
                    "every connection to it is dropped by the guest's policy, silently (policy_in DROP is pve-firewall's "
                            + "default for guests; the Phoenix JSON cannot set it)",
                    fix.map(f -> f.rule().where() + "; the generator then writes " + f.rule().file() + ": " + f.rule().fwLine())
                            .orElse("add an IN ACCEPT rule for " + s.proto() + "/" + s.port()),
                    fix.map(f -> f.rule().json()).orElse(rule.toJson())));
        }
    }

    private static boolean traefikProxied(ServicePort s) {
        return s.what().startsWith("traefik_service") || s.what().startsWith("ports mapping") || s.what().startsWith("vLLM")
                || s.what().startsWith("stack ");
    }

    private static String network(CheckContext ctx) {
        return ctx.site.host().networks().isEmpty() ? null : ctx.site.host().networks().get(0);
    }

    /**
     * True when an IN ACCEPT rule of the file accepts the port from some source, and no DROP or REJECT
     * before it catches the same packets (first match wins: an ACCEPT after a DROP for everyone is never reached).
     */
    static boolean accepts(FwFile file, ServicePort s) {
        List<Rule> blocking = new ArrayList<>();
        for (Rule r : file.rules()) {
            if (!r.enabled() || !r.errors().isEmpty() || r.type() != RuleType.IN || r.macro() != null) {
                continue;
            }
            boolean proto = r.proto() == null || r.proto().equalsIgnoreCase(s.proto());
            boolean port = r.dport() == null || coversPort(r.dport(), s.port());
            if (!proto || !port) {
                continue;
            }
            if ("ACCEPT".equals(r.action()) && blocking.stream().noneMatch(b -> shadows(b, r))) {
                return true;
            }
            if ("DROP".equals(r.action()) || "REJECT".equals(r.action())) {
                blocking.add(r);
            }
        }
        return false;
    }

    /** True when the earlier blocking rule {@code b} matches every packet the later rule {@code a} matches. */
    private static boolean shadows(Rule b, Rule a) {
        return b.sport() == null && same(b.iface(), a.iface()) && same(b.source(), a.source()) && same(b.dest(), a.dest());
    }

    private static boolean same(String blocking, String accepting) {
        return blocking == null || blocking.equals(accepting);
    }

    static boolean coversPort(String spec, int port) {
        PortSpec p = PortSpec.parse(spec);
        return p.valid() && p.ports().contains(port);
    }
}
