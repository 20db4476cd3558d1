package ai.thinkheads.droptrace.core.firewall.lint;

import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Chain;
import ai.thinkheads.droptrace.core.firewall.trace.internal.CompiledFirewall;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Entry;
import ai.thinkheads.droptrace.core.firewall.trace.internal.GuestChains;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Match;
import ai.thinkheads.droptrace.core.inventory.Guest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rules in cluster.fw or host.fw that are about a guest: an IN rule whose destination (or an OUT
 * rule whose source) is a guest's own address. Those rules filter the host, never the guest (a
 * real Phoenix mistake: its generator wrote every guest rule into cluster.fw).
 */
final class GuestRulesInHostChains {

    private GuestRulesInHostChains() {
    }

    static void check(CompiledFirewall fw, List<Finding> out) {
        Set<String> seen = new HashSet<>();
        for (GuestChains gc : fw.guests().values()) {
            AddressSet own = addresses(gc.guest());
            if (own.isEmpty()) {
                continue;
            }
            scan(fw.hostIn(), own, gc.guest(), false, fw, out, seen);
            scan(fw.hostOut(), own, gc.guest(), true, fw, out, seen);
        }
    }

    private static void scan(Chain chain, AddressSet own, Guest guest, boolean out, CompiledFirewall fw,
            List<Finding> findings, Set<String> seen) {
        if (chain == null) {
            return;
        }
        for (Entry e : chain.entries()) {
            if (!(e instanceof Entry.RuleEntry r) || r.v4().isEmpty() && r.v6().isEmpty()) {
                continue;
            }
            Match m = r.v4().isEmpty() ? r.v6().get(0) : r.v4().get(0);
            AddressSet side = out ? m.sourceSet() : m.destSet();
            if (side == null || side.isEmpty() || !own.containsAll(side)) {
                continue;
            }
            String key = r.ref().file() + ":" + r.ref().line();
            if (seen.add(key)) {
                findings.add(new Finding(Severity.WARNING, "guest-rule-in-host-file", r.ref().file(), r.ref().line(),
                        r.ref().text(), "this rule is about guest " + guest.vmid() + " (its " + (out ? "source" : "destination")
                                + " is the guest's address) but sits in " + chain.name() + ": rules of cluster.fw and host.fw "
                                + "filter the host, not guests",
                        "move it to " + fw.ruleset().guestPath(guest.vmid()) + " as " + (out ? "an OUT" : "an IN") + " rule"));
            }
        }
    }

    private static AddressSet addresses(Guest g) {
        AddressSet.Builder b = AddressSet.builder();
        for (String a : g.addresses()) {
            IpAddress ip = IpAddress.parse(a);
            if (ip != null) {
                b.add(AddressRange.of(ip), false);
            }
        }
        return b.build();
    }
}
