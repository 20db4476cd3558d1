package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.Stage;
import ai.thinkheads.droptrace.core.firewall.trace.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a packet through the chains the kernel would run it through, like pve-firewall's
 * simulator: the sender's side (a guest's OUT chain, or PVEFW-HOST-OUT for the host), then the
 * receiver's side (PVEFW-HOST-IN for the host; PVEFW-FWBR-IN's filters and the guest's IN chain
 * for a firewalled guest NIC). Forwarded traffic between bridges meets no host chain.
 */
final class PathWalker {

    /** The stages passed, and the outcome that decides the packet. */
    record Walk(List<Stage> stages, ChainOutcome decisive, List<String> notes) {
    }

    private final CompiledFirewall fw;
    private final boolean verbose;
    private final List<Stage> stages = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ChainOutcome last;

    private PathWalker(CompiledFirewall fw, boolean verbose) {
        this.fw = fw;
        this.verbose = verbose;
    }

    static Walk walk(CompiledFirewall fw, RequestResolver.Resolved r, boolean verbose) {
        return new PathWalker(fw, verbose).run(r);
    }

    private Walk run(RequestResolver.Resolved r) {
        if (!fw.enabled()) {
            notes.add(fw.disabledReason());
            return done(new ChainOutcome(Action.ACCEPT, new Decider.NoFirewall(Action.ACCEPT, fw.disabledReason()), null));
        }
        Endpoint from = r.from();
        Endpoint to = r.to();
        PacketView p = r.packet();
        if (ZoneResolver.LOOPBACK.equals(to.bridge()) && from.kind() != Endpoint.Kind.HOST) {
            String reason = p.dest() + " is a loopback address: the packet never leaves its sender (" + from.zone()
                    + ") and meets no pve-firewall chain";
            notes.add(reason);
            return done(new ChainOutcome(Action.ACCEPT, new Decider.NoFirewall(Action.ACCEPT, reason), null));
        }
        ChainOutcome blocked = null;
        if (from.kind() == Endpoint.Kind.GUEST) {
            blocked = guestChain(from, false, p);
        } else if (from.kind() == Endpoint.Kind.HOST) {
            // host to host is the host to its loopback (or back): out and in on lo
            blocked = hostChain(fw.hostOut(), p, "lo", to.kind() == Endpoint.Kind.HOST ? ZoneResolver.LOOPBACK : to.bridge());
        }
        if (blocked == null && to.kind() == Endpoint.Kind.HOST) {
            blocked = hostChain(fw.hostIn(), p, from.kind() == Endpoint.Kind.HOST ? ZoneResolver.LOOPBACK : from.bridge(), "lo");
        } else if (blocked == null && to.kind() == Endpoint.Kind.GUEST) {
            blocked = guestChain(to, true, p);
        }
        if (blocked != null) {
            return done(blocked);
        }
        if (last == null) {
            String reason = notes.isEmpty() ? "no pve-firewall chain is on the path from " + from.zone() + " to "
                    + to.zone() + " (forwarded traffic between bridges is not filtered by the host chains)"
                    : String.join("; ", notes);
            return done(new ChainOutcome(Action.ACCEPT, new Decider.NoFirewall(Action.ACCEPT, reason), null));
        }
        return done(last);
    }

    private Walk done(ChainOutcome decisive) {
        return new Walk(stages, decisive, notes);
    }

    private ChainOutcome hostChain(Chain chain, PacketView p, String in, String out) {
        if (chain == null) {
            notes.add(fw.hostDisabledReason());
            return null;
        }
        p.interfaces(in, out);
        ChainOutcome outcome = run(chain, p);
        if (p.acceptedByMark != null) {
            notes.add("accepted at " + p.acceptedByMark + ": a GROUP line with -i for another interface still accepts "
                    + "a packet a local guest's OUT chain accepted, as pve-firewall writes it (its test of the accept "
                    + "mark, 0x80000000, that chain set has no -i)");
        }
        return outcome;
    }

    private ChainOutcome guestChain(Endpoint e, boolean in, PacketView p) {
        GuestChains gc = e.guest();
        String device = gc.guest().device(e.nic().index());
        if (!e.nic().firewall()) {
            notes.add(e.nic().name() + " of guest " + gc.guest().vmid() + " has firewall=0: no firewall bridge, "
                    + "no " + device + (in ? "-IN" : "-OUT") + " chain");
            return null;
        }
        if (in) {
            p.interfaces("fwbr" + gc.guest().vmid() + "i" + e.nic().index(), "fwbr" + gc.guest().vmid() + "i" + e.nic().index());
            ChainOutcome filters = run(fw.fwbrIn(), p);
            if (filters != null) {
                return filters;
            }
        }
        if (!gc.enabled()) {
            notes.add(gc.disabledReason());
            return null;
        }
        GuestChains.NicChains chains = gc.nics().get(e.nic().index());
        ChainOutcome blocked = run(in ? chains.in() : chains.out(), p);
        // what a guest's OUT chain accepts it marks (PVEFW-SET-ACCEPT-MARK), and the mark goes on with the packet
        p.acceptMark = !in && blocked == null;
        return blocked;
    }

    /** Runs one chain; returns the outcome when it blocks, {@code null} when the packet goes on. */
    private ChainOutcome run(Chain chain, PacketView p) {
        List<Step> steps = verbose ? new ArrayList<>() : null;
        ChainOutcome outcome = ChainEvaluator.evaluate(chain, p, steps);
        if (outcome.action() == null) {
            if (verbose) {
                stages.add(new Stage(chain.name(), chain.role(), Action.ACCEPT, null, steps));
            }
            return null;
        }
        stages.add(new Stage(chain.name(), chain.role(), outcome.action(), outcome.decider(), steps));
        if (outcome.action().blocks()) {
            return outcome;
        }
        last = outcome;
        return null;
    }
}
