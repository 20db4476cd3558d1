package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Which rule wrote a firewall log line.
 *
 * @param status the kind of answer
 * @param chain the chain named in the line
 * @param action the action of the writer (for security-group lines, which carry none, the rule's)
 * @param writer the rule, policy or built-in rule that wrote the line, when one did
 * @param explanation the answer in one or two sentences
 * @param candidates for {@link Status#NO_WRITER}: rules that log at this level in this chain but did
 *     not match the packet first (likely the configuration changed since the line was written)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Attribution(Status status, String chain, Action action, Decider writer, String explanation,
        List<RuleRef> candidates) {

    public enum Status {
        /** A rule line with {@code -log} wrote it. */
        RULE,
        /** A chain's default policy with a log level wrote it. */
        POLICY,
        /** A built-in rule wrote it (smurfs, tcpflags, blacklist). */
        BUILTIN,
        /** No rule of this configuration could have written it. */
        NO_WRITER,
        /** The chain is not one pve-firewall builds for this configuration (or not a firewall chain). */
        UNKNOWN_CHAIN
    }

    public Attribution {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(explanation, "explanation");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    public boolean attributed() {
        return status == Status.RULE || status == Status.POLICY || status == Status.BUILTIN;
    }
}
