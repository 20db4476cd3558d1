package ai.thinkheads.droptrace.core.firewall.trace;

import java.util.Objects;

/**
 * The head of the line pvefw-logger writes when this decision is logged:
 * {@code <vmid> <level> <chain> <time> <message>...}. Logging is rate-limited (1/s, burst 5 by
 * default, per rule), so a line is likely but not certain.
 *
 * @param message the message as pve-firewall writes it ({@code policy DROP: }, {@code REJECT: }, or
 *     empty for security-group rules); IPv6 rulesets and second NICs carry the rewritten action
 *     ({@code PVEFW-reject: }, {@code PVEFW-SET-ACCEPT-MARK: }, {@code RETURN: })
 */
public record ExpectedLog(int vmid, int level, String chain, String message) {

    public ExpectedLog {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(message, "message");
    }

    /** {@code 102 6 veth102i0-IN <time> policy DROP: } */
    public String prefix() {
        return vmid + " " + level + " " + chain + " <time> " + message;
    }
}
