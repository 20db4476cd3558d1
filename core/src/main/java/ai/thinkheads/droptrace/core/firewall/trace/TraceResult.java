package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The answer for one packet.
 *
 * @param packet the packet as traced, defaults filled in
 * @param action the final action: ACCEPT, DROP or REJECT
 * @param decidedBy the rule, policy or built-in rule that decided (for ACCEPT: the last chain's)
 * @param logged whether pve-firewall writes a log line for this decision (subject to its rate limit)
 * @param log the head of that line, when it is logged
 * @param notLoggedBecause why a DROP or REJECT is not logged, or {@code null}
 * @param suggestion what to change to log a silent drop, or {@code null}
 * @param fix for a DROP or REJECT by a rule or policy: the rule that would let the packet through
 *     ({@code .fw} syntax) and where it goes, or {@code null}
 * @param path every chain the packet went through, in order
 * @param notes anything the answer depends on that the user should know
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TraceResult(
        ResolvedPacket packet,
        Action action,
        Decider decidedBy,
        boolean logged,
        ExpectedLog log,
        String notLoggedBecause,
        Suggestion suggestion,
        Suggestion fix,
        List<Stage> path,
        List<String> notes) {

    public TraceResult {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(decidedBy, "decidedBy");
        path = List.copyOf(path);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The deciding rule line, when a rule line decided. */
    public RuleRef rule() {
        return decidedBy instanceof Decider.RuleDecision r ? r.rule() : null;
    }
}
