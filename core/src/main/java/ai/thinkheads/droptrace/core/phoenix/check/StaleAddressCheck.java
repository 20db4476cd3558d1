package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.phoenix.Addresses;
import ai.thinkheads.droptrace.core.phoenix.GeneratedConfig;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixHost;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Class 5: rules naming an address inside the site's own networks that no guest, gateway or host
 * has any more (left behind by a re-IP or a removed guest), and DNS rules pointing at a server the
 * guest no longer resolves through. Addresses outside the site's networks are not judged.
 */
final class StaleAddressCheck {

    private StaleAddressCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        Set<String> known = known(ctx);
        List<String> networks = ctx.site.host().networks();
        for (PhoenixRule r : ctx.site.allRules()) {
            for (String side : List.of("source", "dest")) {
                String value = side.equals("source") ? r.source() : r.dest();
                for (String a : Addresses.singleAddresses(value)) {
                    Optional<String> net = networks.stream().filter(n -> Addresses.contains(n, a)).findFirst();
                    if (net.isPresent() && !known.contains(a)) {
                        out.add(finding(ctx, r, "stale-address", "this rule's " + side + " " + a + " is no guest's, "
                                + "gateway's or the host's address in the site's network " + net.get(),
                                "it matches nothing the site has: the peer it was written for has another address now "
                                        + "(or is gone), so its traffic falls through to the next rule or the policy",
                                "replace " + a + " with the peer's current address, or remove the rule"));
                    }
                }
            }
            dns(ctx, r, out);
        }
    }

    /** A guest's OUT rule for port 53 whose destination is none of the guest's nameservers. */
    private static void dns(CheckContext ctx, PhoenixRule r, List<PhoenixFinding> out) {
        int owner = ctx.owner(r);
        PhoenixGuest g = owner == 0 ? null : ctx.site.guest(owner).orElse(null);
        if (g == null || g.nameservers().isEmpty() || !r.isOut() || r.blocks() || r.port() == null
                || !GuestFirewallCheck.coversPort(r.port(), 53)) {
            return;
        }
        List<String> dests = Addresses.singleAddresses(r.dest());
        if (!dests.isEmpty() && dests.stream().noneMatch(g.nameservers()::contains)) {
            out.add(finding(ctx, r, "stale-dns-rule", "this DNS rule of " + g.label() + " allows " + r.dest()
                    + ", but the guest resolves through " + String.join(", ", g.nameservers())
                    + (g.type() == GuestType.QEMU ? " (network_config.nameserver)" : " (network_config.nameservers)"),
                    "the guest's queries go to a server no rule allows: once its chain drops the rest, it cannot "
                            + "resolve names",
                    "set \"dest\": \"" + g.nameservers().get(0) + "\" at " + r.at().path()));
        }
    }

    private static PhoenixFinding finding(CheckContext ctx, PhoenixRule r, String code, String message, String breaks,
            String fix) {
        Optional<GeneratedConfig.Placement> p = ctx.placement(r);
        return new PhoenixFinding(Severity.WARNING, FailureClass.STALE_ADDRESS, code, r.at(),
                p.map(GeneratedConfig.Placement::file).orElse(null), p.map(GeneratedConfig.Placement::line).orElse(0),
                p.map(GeneratedConfig.Placement::text).orElse(""), message, breaks, fix, null);
    }

    private static Set<String> known(CheckContext ctx) {
        Set<String> known = new HashSet<>();
        PhoenixHost h = ctx.site.host();
        known.addAll(h.addresses());
        known.addAll(ctx.hostAddresses());
        known.addAll(h.nameservers());
        add(known, h.gateway());
        add(known, h.nfsServer());
        for (PhoenixGuest g : ctx.site.guests()) {
            known.addAll(g.addresses());
            add(known, g.gateway());
            if (g.secondary() != null) {
                add(known, g.secondary().gateway());
            }
            known.addAll(g.nameservers());
        }
        return known;
    }

    private static void add(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }
}
