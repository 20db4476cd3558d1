package ai.thinkheads.droptrace.core.phoenix.drift;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Nic;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.util.List;
import java.util.Optional;

/** NICs whose {@code firewall=0} keeps a guest's declared firewall off them, for {@link DriftDetector}. */
final class NicFirewalls {

    private NicFirewalls() {
    }

    /**
     * The declared NICs of a guest whose JSON enables its firewall (net0, and net1 for a
     * {@code secondary_network_config}) that have {@code firewall=0} live: their traffic passes no chain of the guest.
     */
    static void compare(PhoenixRuleset declared, Ruleset live, List<DriftItem> items) {
        for (PhoenixGuest g : declared.site().guests()) {
            Optional<Guest> lg = live.inventory().byVmid(g.vmid());
            if (!g.firewallEnabled() || lg.isEmpty()) {
                continue;
            }
            String conf = (lg.get().type() == GuestType.LXC ? "lxc/" : "qemu-server/") + g.vmid() + ".conf";
            for (Nic n : lg.get().nics()) {
                if (n.firewall() || n.index() > 1 || n.index() == 1 && g.secondary() == null) {
                    continue;
                }
                if (n.index() == 0) {
                    items.add(new DriftItem(DriftKind.NIC_FIREWALL_OFF, conf, "net0 of guest " + g.vmid() + " has firewall=0 in "
                            + conf + ": the rules of its firewall file do not filter it", g.firewall().enabledAt(), null, conf));
                } else {
                    String address = g.secondary().address() == null ? "" : " (" + g.secondary().address() + ")";
                    items.add(new DriftItem(DriftKind.NIC_FIREWALL_OFF, conf, "net1 of guest " + g.vmid() + " has firewall=0 in "
                            + conf + ": the rules of its firewall file do not filter what goes through it" + address,
                            new JsonLocation(g.at().file(), JsonLocation.member(g.at().path(), "secondary_network_config"),
                                    g.at().line()), null, conf));
                }
            }
        }
    }
}
