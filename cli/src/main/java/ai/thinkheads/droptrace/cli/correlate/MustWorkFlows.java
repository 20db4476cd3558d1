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
            String source = p.origin().sourceAddress();
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
                .filter(p -> p.destination() != null && p.origin().sourceAddress() == null && ProbePaths.mustWork(p))
                .map(PlannedProbe::id).toList();
    }

    /** The line that says so, with how to watch them anyway; empty when every such path is watched. */
    public static java.util.Optional<String> unwatchedNote(ProbePlan plan) {
        List<String> ids = unwatched(plan);
        return ids.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.format(java.util.Locale.ROOT,
                "%s from this machine (%s): %s source address is only known when %s, so a drop on %s path is no "
                        + "must-work alert; name the flow with --must-work SRC,DST,PROTO,PORT (up: correlator.mustWork)",
                ids.size() == 1 ? "1 probe runs" : ids.size() + " probes run", String.join(", ", ids),
                ids.size() == 1 ? "its" : "their", ids.size() == 1 ? "it runs" : "they run",
                ids.size() == 1 ? "its" : "their"));
    }
}
