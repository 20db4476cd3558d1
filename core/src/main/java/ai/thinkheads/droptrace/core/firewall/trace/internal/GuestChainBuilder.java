package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.AddressRange;
import ai.thinkheads.droptrace.core.firewall.net.AddressSet;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Builds a guest's {@code tap<vmid>i<N>-IN/OUT} (VM) or {@code veth<vmid>i<N>-IN/OUT} (container)
 * chains for every NIC with {@code firewall=1}, as pve-firewall's {@code generate_tap_rules_direction}
 * does: DHCP and NDP defaults, the RA and ipfilter drops (OUT), the guest's rules, its policy.
 */
final class GuestChainBuilder {

    private final Ruleset ruleset;
    private final AddressResolver addresses;
    private final RuleCompiler rules;
    private final BiFunction<String, Boolean, Chain> groups;

    GuestChainBuilder(Ruleset ruleset, AddressResolver addresses, RuleCompiler rules,
            BiFunction<String, Boolean, Chain> groups) {
        this.ruleset = ruleset;
        this.addresses = addresses;
        this.rules = rules;
        this.groups = groups;
    }

    GuestChains build(Guest guest) {
        Optional<FwFile> file = ruleset.guest(guest.vmid());
        if (file.isEmpty()) {
            return new GuestChains(guest, null, false, "there is no " + ruleset.guestPath(guest.vmid())
                    + ", so pve-firewall builds no chain for guest " + guest.vmid(), Map.of());
        }
        FwFile f = file.get();
        if (!f.flag("enable", false)) {
            return new GuestChains(guest, f, false, "the firewall of guest " + guest.vmid() + " is off: no 'enable: 1'"
                    + " in [OPTIONS] of " + f.path(), Map.of());
        }
        String first = guest.nics().stream().filter(Nic::firewall).map(Nic::name)
                .min(Comparator.naturalOrder()).orElse(null);
        Map<Integer, GuestChains.NicChains> nics = new HashMap<>();
        for (Nic nic : guest.nics()) {
            if (nic.firewall()) {
                boolean firstNic = nic.name().equals(first);
                nics.put(nic.index(), new GuestChains.NicChains(nic, in(guest, f, nic, firstNic),
                        out(guest, f, nic, firstNic)));
            }
        }
        return new GuestChains(guest, f, true, null, nics);
    }

    private Chain in(Guest guest, FwFile f, Nic nic, boolean firstNic) {
        String chain = guest.device(nic.index()) + "-IN";
        List<Entry> e = new ArrayList<>();
        if (f.flag("dhcp", true)) {
            e.add(BuiltinRules.dhcp(true));
        }
        if (f.flag("ndp", true)) {
            e.add(BuiltinRules.ndp(true));
        }
        addRules(e, f, nic, chain, ChainKind.GUEST_IN, RuleType.IN, guest.vmid(), firstNic);
        e.addAll(HostChainBuilder.policyEntries(policy(f, chain, "policy_in", "DROP", "log_level_in"), guest.vmid()));
        return new Chain(chain, "guest " + guest.vmid() + " " + nic.name() + " in", e, guest.vmid());
    }

    private Chain out(Guest guest, FwFile f, Nic nic, boolean firstNic) {
        String chain = guest.device(nic.index()) + "-OUT";
        List<Entry> e = new ArrayList<>();
        if (f.flag("dhcp", true)) {
            e.add(BuiltinRules.dhcp(false));
        }
        boolean radv = f.flag("radv", false);
        if (!radv) {
            e.add(BuiltinRules.routerAdvertisementDrop());
        }
        String setName = "ipfilter-" + nic.name();
        if (f.flag("ipfilter", false) || f.ipset(setName).isPresent()) {
            e.add(BuiltinRules.ipfilter(ipfilter(guest, f, nic, setName), setName));
        }
        if (f.flag("ndp", true)) {
            e.add(BuiltinRules.ndp(radv));
        }
        addRules(e, f, nic, chain, ChainKind.GUEST_OUT, RuleType.OUT, guest.vmid(), firstNic);
        e.addAll(HostChainBuilder.policyEntries(policy(f, chain, "policy_out", "ACCEPT", "log_level_out"), guest.vmid()));
        return new Chain(chain, "guest " + guest.vmid() + " " + nic.name() + " out", e, guest.vmid());
    }

    private void addRules(List<Entry> entries, FwFile f, Nic nic, String chain, ChainKind kind, RuleType type, int vmid,
            boolean firstNic) {
        for (Rule r : f.rules()) {
            boolean wanted = r.type() == type || r.type() == RuleType.GROUP;
            if (!wanted || (r.iface() != null && !r.iface().equals(nic.name()))) {
                continue;
            }
            boolean first = firstNic || r.iface() != null;
            entries.add(rules.compile(r, new RuleCompiler.Context(f, f, chain, kind, vmid, first, groups)));
        }
    }

    private static Decider.PolicyDecision policy(FwFile f, String chain, String option, String fallback, String logOption) {
        Optional<OptionSetting> set = f.option(option);
        Optional<OptionSetting> log = f.option(logOption);
        return new Decider.PolicyDecision(Action.valueOf(set.map(OptionSetting::value).orElse(fallback)), chain,
                f.path(), set.map(OptionSetting::line).orElse(null), option, FirewallCompiler.logLevel(f, logOption),
                f.path(), log.map(OptionSetting::line).orElse(null), logOption);
    }

    /**
     * The addresses a NIC may send from: its {@code ipfilter-net<N>} ipset, for a container the NIC's
     * configured IPs, and the link-local address derived from its MAC (other fe80::/10 addresses are
     * excluded with a nomatch entry).
     */
    private AddressSet ipfilter(Guest guest, FwFile f, Nic nic, String setName) {
        AddressSet.Builder b = AddressSet.builder();
        if (f.ipset(setName).isPresent()) {
            b.addAll(addresses.ipset(f, setName));
        }
        if (guest.type() == GuestType.LXC) {
            for (String a : nic.addresses()) {
                IpAddress ip = IpAddress.parse(a);
                if (ip != null) {
                    b.add(AddressRange.of(ip), false);
                }
            }
        }
        IpAddress linkLocal = linkLocal(nic.mac());
        if (linkLocal != null) {
            b.add(AddressRange.of(linkLocal), false);
        }
        b.add(AddressRange.prefix(IpAddress.parse("fe80::"), 10), true);
        return b.build();
    }

    /** The EUI-64 link-local address of a MAC ({@code fe80::...}), or {@code null} without a MAC. */
    static IpAddress linkLocal(String mac) {
        if (mac == null || !mac.matches("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            return null;
        }
        String[] p = mac.toLowerCase(java.util.Locale.ROOT).split(":");
        String first = String.format("%02x", Integer.parseInt(p[0], 16) ^ 0x02);
        return IpAddress.parse("fe80::" + first + p[1] + ":" + p[2] + "ff:fe" + p[3] + ":" + p[4] + p[5]);
    }
}
