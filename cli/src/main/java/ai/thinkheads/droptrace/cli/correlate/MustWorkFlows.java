package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The flows a probe configuration says must work: every probe with a destination, a known source
 * address (a guest or the host; a {@code local} probe's source is only known when it runs) and an
 * expectation of success. The flow is what its results are keyed by: source, destination,
 * protocol ({@code tcp}; {@code udp} for udp probes; the DNS transport) and destination port.
 */
public final class MustWorkFlows {

    private MustWorkFlows() {
    }

    public static Set<FlowKey> of(ProbePlan plan) {
        Set<FlowKey> flows = new LinkedHashSet<>();
        for (PlannedProbe p : plan.probes()) {
            String source = p.origin().sourceAddress();
            if (p.destination() == null || source == null || !expectsSuccess(p)) {
                continue;
            }
            flows.add(new FlowKey(source, p.destination(), protocol(p), p.port()));
        }
        return flows;
    }

    private static boolean expectsSuccess(PlannedProbe p) {
        return p.definition().expect().stream().anyMatch(o -> o.category() == ProbeOutcome.Category.SUCCESS);
    }

    private static String protocol(PlannedProbe p) {
        if (p.kind() == ProbeKind.UDP) {
            return "udp";
        }
        return p.kind() == ProbeKind.DNS ? p.definition().dns().transport() : "tcp";
    }
}
