package ai.thinkheads.droptrace.streams.state;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One firewall event as the pair state keeps it: what an operator reads in a list of recent events,
 * and the raw line as evidence.
 *
 * @param rule the rule that wrote the line as {@code file:line} (see {@code RuleLabels}), named by
 *     the rule tracer of the current ruleset; {@code null} without a ruleset or when no rule of it
 *     could have written the line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventDigest(
        Instant time,
        Action action,
        boolean policy,
        int vmid,
        String chain,
        String message,
        String protocol,
        Integer sourcePort,
        Integer destinationPort,
        String inInterface,
        String outInterface,
        String rule,
        String line) {

    public EventDigest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(chain, "chain");
    }

    public static EventDigest of(FirewallEvent event) {
        return of(event, null);
    }

    public static EventDigest of(FirewallEvent event, String rule) {
        var packet = event.packet();
        return new EventDigest(event.time(), event.action(), event.policy(), event.vmid(), event.chain(),
                event.message(), packet.protocolKey(), packet.sourcePort(), packet.destinationPort(),
                packet.inInterface(), packet.outInterface(), rule, event.line());
    }
}
