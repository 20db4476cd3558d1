package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.phoenix.GeneratedFile;
import ai.thinkheads.droptrace.core.phoenix.GeneratedLine;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.Addresses;
import java.util.List;
import java.util.Optional;

/**
 * Class 1: rules that end up in {@code cluster.fw}, where pve-firewall applies them to the host
 * ({@code PVEFW-HOST-IN/OUT}), while they were meant for a guest: every LXC and VM rule under the
 * older generator, and, with either generator, a global rule whose destination (IN) or source
 * (OUT) is a guest's address.
 */
final class GuestRulesOnHostCheck {

    private GuestRulesOnHostCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        Optional<GeneratedFile> cluster = ctx.phoenix.generated().file("firewall/cluster.fw");
        if (cluster.isEmpty()) {
            return;
        }
        for (GeneratedLine line : cluster.get().lines()) {
            JsonLocation at = line.declaredAt();
            Optional<PhoenixRule> rule = at == null || at.path() == null ? Optional.empty()
                    : ctx.site.rule(at.file(), at.path());
            if (rule.isEmpty()) {
                continue;
            }
            int owner = ctx.owner(rule.get());
            if (owner > 0) {
                out.add(copied(ctx, rule.get(), owner, line));
            } else {
                about(ctx, rule.get()).ifPresent(g -> out.add(globalAboutGuest(ctx, rule.get(), g, line)));
            }
        }
    }

    private static PhoenixFinding copied(CheckContext ctx, PhoenixRule r, int owner, GeneratedLine line) {
        String guest = ctx.label(owner);
        String own = ctx.chainOn(owner) ? "its own firewall/" + owner + ".fw has it too"
                : "guest " + owner + "'s own file is not compiled (class 2), so for the guest the rule does nothing";
        return new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_RULE_ON_HOST, "guest-rule-in-cluster-fw", r.at(),
                "firewall/cluster.fw", line.line(), line.text(),
                "a rule of " + guest + " is also written into cluster.fw: the older generator appends every LXC and VM "
                        + "rule there",
                "cluster.fw rules filter the host itself (PVEFW-HOST-IN/OUT), not " + guest + ": " + effect(r) + "; " + own,
                "the rule belongs in firewall/" + owner + ".fw only: use the per-guest generator (2025-11-14 on), or "
                        + "remove the guest rules from cluster.fw after every sync",
                null);
    }

    private static PhoenixFinding globalAboutGuest(CheckContext ctx, PhoenixRule r, PhoenixGuest g, GeneratedLine line) {
        boolean in = r.isIn();
        String side = in ? "destination " + r.dest() : "source " + r.source();
        PhoenixRule moved = PhoenixRule.proposed(r.at(), r.type(), r.action(), in ? r.source() : null,
                in ? null : r.dest(), r.proto(), r.port(), r.comment());
        return new PhoenixFinding(Severity.WARNING, FailureClass.GUEST_RULE_ON_HOST, "guest-rule-in-global-rules", r.at(),
                "firewall/cluster.fw", line.line(), line.text(),
                "this global rule is about " + g.label() + " (its " + side + " is the guest's address), but global rules "
                        + "go to cluster.fw",
                "cluster.fw rules filter the host, not guests: it lets nothing " + (in ? "reach " : "leave ") + g.label()
                        + (ctx.chainOn(g.vmid()) ? "; the guest's own chain (firewall/" + g.vmid() + ".fw) still decides"
                                : ""),
                "move it to " + g.at().file() + " " + (g.firewall() == null ? JsonLocation.member(g.at().path(), "firewall")
                        + " (add a firewall section)" : g.firewall().rulesPath()) + " without its "
                        + (in ? "dest" : "source"),
                moved.toJson());
    }

    /** The guest a global rule is about: IN to exactly a guest's address, OUT from exactly one. */
    private static Optional<PhoenixGuest> about(CheckContext ctx, PhoenixRule r) {
        String side = r.isIn() ? r.dest() : r.isOut() ? r.source() : null;
        List<String> addresses = Addresses.singleAddresses(side);
        if (addresses.size() != 1) {
            return Optional.empty();
        }
        return ctx.site.guestByAddress(addresses.get(0));
    }

    private static String effect(PhoenixRule r) {
        String what = CheckContext.matches(r);
        if (r.isIn()) {
            return r.blocks() ? "it blocks " + what + " to the host" : "it opens the host itself to " + what;
        }
        return r.blocks() ? "it blocks the host's own outbound traffic: " + what : "it lets the host send " + what;
    }
}
