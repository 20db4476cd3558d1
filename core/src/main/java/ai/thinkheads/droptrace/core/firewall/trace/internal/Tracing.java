package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;

/** Resolves a request, walks the path and assembles the {@link TraceResult}. */
public final class Tracing {

    private final CompiledFirewall fw;
    private final RequestResolver resolver;
    private final SilentDropAdvisor advisor;
    private final FixAdvisor fixes;
    /** Said with every logged decision, {@code null} when log_ratelimit switches the limit off. */
    private final String rateLimit;

    public Tracing(CompiledFirewall fw) {
        this.fw = fw;
        this.resolver = new RequestResolver(fw);
        this.advisor = new SilentDropAdvisor(fw);
        this.fixes = new FixAdvisor(fw);
        this.rateLimit = RateLimitNote.of(fw.ruleset().cluster());
    }

    public TraceResult trace(TraceRequest request, boolean verbose) {
        RequestResolver.Resolved r = resolver.resolve(request);
        PathWalker.Walk walk = PathWalker.walk(fw, r, verbose);
        ChainOutcome decisive = walk.decisive();
        List<String> notes = new ArrayList<>(walk.notes());
        notes.addAll(fw.notes());
        Decider decider = decisive.decider();
        boolean logged = decisive.log() != null;
        String notLogged = null;
        ai.thinkheads.droptrace.core.firewall.trace.Suggestion suggestion = null;
        ai.thinkheads.droptrace.core.firewall.trace.Suggestion fix =
                decisive.action().blocks() ? fixes.fix(decider, r) : null;
        if (decisive.action().blocks() && !logged) {
            SilentDropAdvisor.Advice advice = advisor.advise(decider, r.packet());
            notLogged = advice.reason();
            suggestion = advice.suggestion();
        } else if (logged && rateLimit != null) {
            notes.add(rateLimit);
        }
        if (decisive.action() == Action.REJECT && (r.packet().proto() == 1 || r.packet().proto() == 58)) {
            notes.add("PVEFW-reject drops ICMP packets instead of answering them, so this REJECT looks like a DROP");
        }
        return new TraceResult(r.description(), decisive.action(), decider, logged, decisive.log(), notLogged,
                suggestion, fix, walk.stages(), notes);
    }
}
