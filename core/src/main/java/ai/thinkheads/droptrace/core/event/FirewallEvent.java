package ai.thinkheads.droptrace.core.event;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * One packet the firewall logged: the header pvefw-logger (or the kernel) wrote, the normalised
 * action and the packet.
 *
 * @param schema version of this JSON shape; readers accept any version they know fields of
 * @param time event time from the line itself
 * @param zoneOffset the zone offset written in the line ({@code +0100}), or {@code null} when the
 *     line had none and one was assumed
 * @param vmid guest id from the line; 0 for the host, standard chains, groups and unparsed prefixes
 * @param level syslog level digit 0-7
 * @param chain the chain that holds the log rule, {@code -} when none
 * @param action normalised action ({@code PVEFW-reject} means REJECT, ...), {@code null} when the
 *     line does not say (security-group lines have an empty message)
 * @param policy true when the line was written by a chain's default policy
 * @param message the log prefix text as written ({@code policy DROP}, {@code PVEFW-reject}, empty)
 * @param backend which firewall wrote it
 * @param packet the packet fields
 * @param line the raw line, kept as evidence
 * @param origin where the line was read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FirewallEvent(
        int schema,
        Instant time,
        String zoneOffset,
        String host,
        int vmid,
        int level,
        String chain,
        Action action,
        boolean policy,
        String message,
        Backend backend,
        Packet packet,
        String line,
        Origin origin) {

    public static final int SCHEMA_VERSION = 1;

    public FirewallEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(packet, "packet");
        if (level < 0 || level > 7) {
            throw new IllegalArgumentException("log level must be 0-7, was " + level);
        }
        if (vmid < 0) {
            throw new IllegalArgumentException("vmid must not be negative, was " + vmid);
        }
    }

    /** This event as read on {@code newHost} (the node a log file without host names belongs to). */
    public FirewallEvent withHost(String newHost) {
        return new FirewallEvent(schema, time, zoneOffset, newHost, vmid, level, chain, action, policy, message, backend,
                packet, line, origin);
    }

    /**
     * This event with {@code newAction}: the action of the rule that wrote a line which names none (pve-firewall writes
     * no message, so no action, for a security group's rules).
     */
    public FirewallEvent withAction(Action newAction) {
        return new FirewallEvent(schema, time, zoneOffset, host, vmid, level, chain, newAction, policy, message, backend,
                packet, line, origin);
    }

    /** The flow key every stage partitions by. */
    @JsonIgnore
    public FlowKey flow() {
        return FlowKey.of(packet);
    }

    @JsonIgnore
    public PairKey pair() {
        return new PairKey(nullToUnknown(packet.source()), nullToUnknown(packet.destination()));
    }

    @JsonIgnore
    public boolean isBlock() {
        return action != null && action.blocks();
    }

    private static String nullToUnknown(String address) {
        return address == null ? FlowKey.UNKNOWN : address;
    }
}
