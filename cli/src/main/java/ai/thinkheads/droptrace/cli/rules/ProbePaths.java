package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.intent.MustWorkPath;
import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The network paths of a probe configuration: one per probe with a destination. A probe that runs
 * {@code local}ly is sent from the machine droptrace runs on, taken to be the site's host; one run in a guest from
 * the guest's address (of the probe configuration, else of the guest's configuration). A probe
 * whose expected outcomes are all "no connection" (a timeout, unreachable, refused) is a path that
 * must stay blocked; every other one must work.
 */
public final class ProbePaths {

    private static final Set<ProbeOutcome.Category> BLOCKED = ProbeResult.BLOCKED_CATEGORIES;

    /** The paths, and the probes that have none (exec and file probes). */
    public record Result(List<MustWorkPath> paths, List<String> withoutPath, List<String> notes) {
    }

    private ProbePaths() {
    }

    /**
     * @param configured the guests and host addresses of the firewall configuration: a probe run in a guest the probe
     *     configuration gives no address is sent from the guest's address there, a local one from the host's
     * @param hostNetworks the networks the host has an address in (a Phoenix site's vmbr0 and internal bridge, the
     *     local network): a local probe leaves from the host's address on the destination's network, as the kernel
     *     picks it for a connected route, else from its first address of the destination's IP version
     */
    public static Result of(ProbePlan plan, List<PlannedProbe> probes, Inventory configured, List<String> hostNetworks) {
        List<MustWorkPath> paths = new ArrayList<>();
        List<String> without = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // the node's own addresses as the firewall configuration was read (--host-address, else the probe
        // configuration's): the probe configuration's alone traced local probes from an address taken to be outside
        List<String> hostAddresses = configured.hostAddresses().isEmpty() ? plan.inventory().hostAddresses()
                : configured.hostAddresses();
        for (PlannedProbe p : probes) {
            if (p.destination() == null) {
                without.add(p.id());
                continue;
            }
            String source = p.source();
            Integer vmid = p.origin().vmid();
            if (source == null && vmid != null) {
                // its packets leave the guest through the guest's own chain, not the host's
                source = guestAddress(configured, vmid, p.destination());
                if (source == null) {
                    notes.add(p.id() + ": runs in " + p.origin().name() + ", whose address neither the probe "
                            + "configuration nor the guest configuration gives; not traced (give the guest's addresses "
                            + "in site.guests)");
                    without.add(p.id());
                    continue;
                }
                notes.add(p.id() + ": runs in " + p.origin().name() + ", whose address" + (p.origin().sourceAddress() == null
                        ? "" : " of the destination's IP version") + " the probe configuration does not give; traced from " + source + ", its address in the guest configuration");
            } else if (source == null) {
                String host = FirewallConfigOptions.hostAddressOn(hostAddresses, hostNetworks, p.destination());
                if (host == null) {
                    notes.add(p.id() + ": runs locally and site.host has no address; not traced");
                    without.add(p.id());
                    continue;
                }
                source = host;
                notes.add(p.id() + ": runs " + p.origin().name() + "; traced from the host " + host);
            }
            paths.add(new MustWorkPath(p.id(), p.definition().description(), p.origin().name(),
                    p.definition().to(), source, p.destination(), protocol(p), p.port(), mustWork(p)));
        }
        return new Result(paths, without, notes);
    }

    /** The guest's first configured address of the destination's IP version, or {@code null}. */
    private static String guestAddress(Inventory configured, int vmid, String destination) {
        IpAddress dest = IpAddress.parse(destination);
        return configured.byVmid(vmid).stream().flatMap(g -> g.nics().stream()).flatMap(n -> n.addresses().stream())
                .filter(a -> dest == null || sameVersion(IpAddress.parse(a), dest)).findFirst().orElse(null);
    }

    private static boolean sameVersion(IpAddress a, IpAddress b) {
        return a != null && b != null && a.version() == b.version();
    }

    /** Whether the probe's packets must get through: it expects anything but "no connection". */
    public static boolean mustWork(PlannedProbe p) {
        return !p.definition().expect().stream().allMatch(o -> BLOCKED.contains(o.category()));
    }

    /** The protocol of the probe's packets: udp for udp probes, the DNS transport, tcp otherwise. */
    public static String protocol(PlannedProbe p) {
        if (p.kind() == ProbeKind.UDP) {
            return "udp";
        }
        if (p.kind() == ProbeKind.DNS) {
            return p.definition().dns().transport();
        }
        return "tcp";
    }
}
