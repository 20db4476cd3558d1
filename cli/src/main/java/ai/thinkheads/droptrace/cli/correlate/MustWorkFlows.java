package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.cli.rules.ProbePaths;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.util.LinkedHashSet;
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
}
