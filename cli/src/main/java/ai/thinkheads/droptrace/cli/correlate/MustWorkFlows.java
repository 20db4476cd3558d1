package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.cli.rules.ProbePaths;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The flows a probe configuration says must work: every probe with a destination, a known source
 * address (a guest or the host; a {@code local} probe's source is only known when it runs) and an
 * expectation that its packets get through ({@link ProbePaths#mustWork}, as {@code rules verify} decides). The
 * flow is what its results are keyed by: source, destination,
 * protocol ({@code tcp}; {@code udp} for udp probes; the DNS transport) and destination port.
 */
public final class MustWorkFlows {

    private MustWorkFlows() {
    }

    public static Set<FlowKey> of(ProbePlan plan) {
        Set<FlowKey> flows = new LinkedHashSet<>();
        for (PlannedProbe p : plan.probes()) {
            String source = p.source();
            if (p.destination() == null || source == null || !ProbePaths.mustWork(p)) {
                continue;
            }
            flows.add(new FlowKey(source, p.destination(), ProbePaths.protocol(p), p.port()));
        }
        return flows;
    }

    /**
     * The probes whose path must work but is not a must-work flow: their source address is only known when they
     * run ({@code local}); empty when there are none. Said when a correlator starts, so that nobody takes a
     * quiet alert stream for a path that works.
     */
    public static List<String> unwatched(ProbePlan plan) {
        return plan.probes().stream()
                .filter(p -> p.destination() != null && p.source() == null && ProbePaths.mustWork(p))
                .map(PlannedProbe::id).toList();
    }

    /** The line that says so, with how to watch them anyway; empty when every such path is watched. */
    public static java.util.Optional<String> unwatchedNote(ProbePlan plan) {
        List<String> here = unwatched(plan, true);
        List<String> there = unwatched(plan, false);
        if (here.isEmpty() && there.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> said = new java.util.ArrayList<>();
        if (!here.isEmpty()) {
            said.add(String.format(java.util.Locale.ROOT, "%s from this machine (%s): %s source address is only known "
                            + "when %s", here.size() == 1 ? "1 probe runs" : here.size() + " probes run",
                    String.join(", ", here), here.size() == 1 ? "its" : "their", here.size() == 1 ? "it runs" : "they run"));
        }
        if (!there.isEmpty()) {
            said.add(there.size() == 1
                    ? "the configuration gives the origin of 1 probe (" + there.get(0) + ") no address of its "
                            + "destination's IP version, the one its packets leave from"
                    : "the configuration gives the origins of " + there.size() + " probes (" + String.join(", ", there)
                            + ") no address of their destinations' IP version, the one their packets leave from");
        }
        boolean one = here.size() + there.size() == 1;
        return java.util.Optional.of(String.join("; ", said) + String.format(java.util.Locale.ROOT, ", so a drop on %s "
                + "path is no must-work alert; name the flow with --must-work SRC,DST,PROTO,PORT (up: correlator.mustWork)",
                one ? "its" : "their"));
    }

    private static List<String> unwatched(ProbePlan plan, boolean runsHere) {
        return plan.probes().stream()
                .filter(p -> p.destination() != null && p.source() == null && ProbePaths.mustWork(p)
                        && p.origin().runsHere() == runsHere)
                .map(PlannedProbe::id).toList();
    }
}
