package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.net.PortSpec;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.phoenix.Addresses;
import ai.thinkheads.droptrace.core.phoenix.AppConnection;
import ai.thinkheads.droptrace.core.phoenix.GeneratedConfig;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Class 3: an application configured to reach a peer on one port (Nginx's {@code proxy_pass} to
 * Traefik on 8443, a {@code *_url} setting, Traefik's {@code caServer}) while the rules written for
 * that pair of guests allow other ports. Read from the declarations, so a mismatch is found even
 * while no chain enforces it yet; what the firewall does today is traced and said.
 */
final class PortMismatchCheck {

    private PortMismatchCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        Set<String> seen = new HashSet<>();
        for (PhoenixGuest client : ctx.site.guests()) {
            if (client.primaryAddress() == null) {
                continue;
            }
            for (AppConnection c : client.connections()) {
                Optional<PhoenixGuest> target = ctx.resolve(c.host());
                if (target.isEmpty() || target.get().vmid() == client.vmid() || target.get().primaryAddress() == null
                        || !seen.add(client.vmid() + ">" + target.get().vmid() + ":" + c.port())) {
                    continue;
                }
                side(ctx, client, target.get(), c, outRules(client, target.get()), out);
                side(ctx, client, target.get(), c, inRules(client, target.get()), out);
            }
        }
    }

    private static void side(CheckContext ctx, PhoenixGuest client, PhoenixGuest target, AppConnection c,
            List<PhoenixRule> rules, List<PhoenixFinding> out) {
        if (rules.isEmpty() || rules.stream().anyMatch(r -> covers(r, c.port()))) {
            return;
        }
        String traced = traced(ctx, client, target, c.port());
        String listens = target.services().stream().filter(s -> s.port() == c.port()).findFirst()
                .map(s -> "; " + target.label() + " listens on " + c.port() + " (" + s.what() + " at " + s.at().describe() + ")")
                .orElse("");
        for (PhoenixRule r : rules) {
            boolean portCovered = GuestFirewallCheck.coversPort(r.port(), c.port());
            String ports = portCovered ? r.port() : r.port() + "," + c.port();
            PhoenixRule fixed = PhoenixRule.proposed(r.at(), r.type(), r.action(), r.source(), r.dest(),
                    portCovered ? "tcp" : r.proto(), ports, r.comment());
            String fix = portCovered ? "set \"proto\": \"tcp\" at " + r.at().path() + " (the connection is TCP)"
                    : "set \"port\": \"" + ports + "\" at " + r.at().path() + " (or point the application at " + r.port() + ")";
            Optional<GeneratedConfig.Placement> p = ctx.placement(r);
            out.add(new PhoenixFinding(Severity.WARNING, FailureClass.PORT_MISMATCH, "port-mismatch", r.at(),
                    p.map(GeneratedConfig.Placement::file).orElse(null), p.map(GeneratedConfig.Placement::line).orElse(0),
                    p.map(GeneratedConfig.Placement::text).orElse(""),
                    client.label() + " connects to " + c.host() + ":" + c.port() + " (" + c.what() + " at "
                            + c.at().describe() + ", that is " + target.label() + ") but this rule for that path allows "
                            + (r.proto() == null ? "" : r.proto() + "/") + r.port() + " only" + listens,
                    traced, fix, fixed.toJson()));
        }
    }

    /** The client's OUT ACCEPT rules to the target's address, with a port. */
    private static List<PhoenixRule> outRules(PhoenixGuest client, PhoenixGuest target) {
        List<PhoenixRule> out = new ArrayList<>();
        if (client.firewall() != null) {
            for (PhoenixRule r : client.firewall().rules()) {
                if (r.isOut() && !r.blocks() && portList(r)
                        && Addresses.singleAddresses(r.dest()).stream().anyMatch(target.addresses()::contains)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The target's IN ACCEPT rules from the client's address, with a port. */
    private static List<PhoenixRule> inRules(PhoenixGuest client, PhoenixGuest target) {
        List<PhoenixRule> out = new ArrayList<>();
        if (target.firewall() != null) {
            for (PhoenixRule r : target.firewall().rules()) {
                if (r.isIn() && !r.blocks() && portList(r)
                        && Addresses.singleAddresses(r.source()).stream().anyMatch(client.addresses()::contains)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /**
     * True when the rule has a port list pve-firewall reads: one that is none (a JSON array, junk) is never compiled,
     * which classes 4 and 7 say; adding a port to it fixes nothing.
     */
    private static boolean portList(PhoenixRule r) {
        return r.port() != null && PortSpec.parse(r.port()).valid();
    }

    /** Application connections are TCP: a udp rule for the port does not let them through. */
    private static boolean covers(PhoenixRule r, int port) {
        return (r.proto() == null || r.proto().equalsIgnoreCase("tcp")) && GuestFirewallCheck.coversPort(r.port(), port);
    }

    private static String traced(CheckContext ctx, PhoenixGuest client, PhoenixGuest target, int port) {
        TraceResult t = ctx.tracer.trace(TraceRequest.flow(client.primaryAddress(), target.primaryAddress(), "tcp", port));
        if (t.action() == Action.ACCEPT && t.rule() != null) {
            // the chains are compiled: a broader rule (a catch-all added 'to fix timeout') lets the connection through
            return "nothing today: " + t.decidedBy().describe() + " lets the connection through (traced), not this rule";
        }
        if (t.action() == Action.ACCEPT) {
            return "not enforced today (traced: ACCEPT, " + t.decidedBy().describe() + "); once the chain that holds this "
                    + "rule is compiled, the connection is dropped";
        }
        return "the connection is " + (t.action() == Action.DROP ? "dropped" : "rejected") + " (traced: "
                + t.decidedBy().describe() + ")";
    }
}
