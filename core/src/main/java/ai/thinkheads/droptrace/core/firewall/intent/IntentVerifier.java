package ai.thinkheads.droptrace.core.firewall.intent;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.InvalidTraceRequestException;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks intent before a packet is sent: each must-work path is traced through the configuration;
 * a blocked one gets the smallest rule(s) to add, proven by tracing again with them added (a path
 * stopped first by the sender's chain may need a second rule in the receiver's).
 */
public final class IntentVerifier {

    /** At most this many rules are proposed for one path (sender OUT, host, receiver IN, and one spare). */
    static final int MAX_FIXES = 4;

    private IntentVerifier() {
    }

    /** Verifies each path; proposed rules carry the comment {@code droptrace: must-work path <id>}. */
    public static List<PathVerdict> verify(RuleSource source, List<MustWorkPath> paths) {
        return verify(source, paths, p -> "droptrace: must-work path " + p.id());
    }

    /** Verifies each path; {@code comment} names the comment of the rules proposed for it. */
    public static List<PathVerdict> verify(RuleSource source, List<MustWorkPath> paths,
            Function<MustWorkPath, String> comment) {
        RuleTracer tracer = RuleTracer.compile(source.ruleset());
        List<PathVerdict> out = new ArrayList<>();
        for (MustWorkPath p : paths) {
            out.add(verify(source, tracer, p, comment.apply(p)));
        }
        return out;
    }

    private static PathVerdict verify(RuleSource source, RuleTracer tracer, MustWorkPath p, String comment) {
        TraceRequest request = TraceRequest.flow(p.source(), p.dest(), p.protocol(), p.port() > 0 ? p.port() : null);
        TraceResult r;
        try {
            r = tracer.trace(request);
        } catch (InvalidTraceRequestException e) {
            return new PathVerdict(p, null, false, null, null, null, List.of(), false,
                    List.of("cannot trace: " + e.getMessage()));
        }
        boolean accepted = r.action() == Action.ACCEPT;
        String location = location(r.decidedBy());
        String declared = declared(source, r.decidedBy()).orElse(null);
        List<ProposedRule> fix = new ArrayList<>();
        boolean verified = false;
        if (p.mustWork() && !accepted) {
            RuleSource current = source;
            TraceResult now = r;
            for (int i = 0; i < MAX_FIXES; i++) {
                var proposal = current.propose(now, comment);
                if (proposal.isEmpty() || fix.contains(proposal.get().rule())) {
                    break;
                }
                fix.add(proposal.get().rule());
                current = proposal.get().next();
                now = RuleTracer.compile(current.ruleset()).trace(request);
                if (now.action() == Action.ACCEPT) {
                    verified = true;
                    break;
                }
            }
        }
        return new PathVerdict(p, r.action(), accepted == p.mustWork(), r.decidedBy().describe(), location, declared,
                fix, verified, r.notes());
    }

    /** The deciding {@code .fw} file:line, or the file of a default policy. */
    public static String location(Decider d) {
        if (d instanceof Decider.RuleDecision rule) {
            return rule.rule().location();
        }
        if (d instanceof Decider.PolicyDecision pol) {
            return pol.line() == null ? pol.file() : pol.file() + ":" + pol.line();
        }
        return null;
    }

    private static Optional<String> declared(RuleSource source, Decider d) {
        if (d instanceof Decider.RuleDecision rule) {
            return source.declaredAt(rule.rule().file(), rule.rule().line());
        }
        if (d instanceof Decider.PolicyDecision pol && pol.line() != null) {
            return source.declaredAt(pol.file(), pol.line());
        }
        return Optional.empty();
    }
}
