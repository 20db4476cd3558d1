package ai.thinkheads.droptrace.bench.tracer;

import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.List;

/** Before anything is measured: the tracer and the naive scan must agree on every generated packet. */
public final class TracerAgreement {

    private TracerAgreement() {
    }

    /** Throws when a decision differs; returns how many packets were compared. */
    public static int check(RuleTracer tracer, NaiveLinearTracer naive, List<GeneratedFirewall.Packet> packets) {
        for (GeneratedFirewall.Packet p : packets) {
            TraceResult r = tracer.trace(TraceRequest.flow(p.source(), p.dest(), p.proto(), p.dport()));
            NaiveLinearTracer.Decision d = naive.decide(p);
            if (!d.equals(naive.decideCheapestFirst(p))) {
                throw new IllegalStateException("the two naive scans disagree on " + p);
            }
            String where = r.decidedBy() instanceof Decider.RuleDecision rule ? rule.rule().location() : "policy";
            if (!r.action().name().equals(d.action()) || !where.equals(d.where())) {
                throw new IllegalStateException("tracer and naive scan disagree on " + p + ": " + r.action() + " " + where
                        + " vs " + d);
            }
        }
        return packets.size();
    }
}
