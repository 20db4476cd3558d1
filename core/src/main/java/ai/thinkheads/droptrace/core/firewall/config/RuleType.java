package ai.thinkheads.droptrace.core.firewall.config;

/** The first word of a rule line. */
public enum RuleType {
    IN,
    OUT,
    /** {@code GROUP name}: jump into the security group's chain of the same direction. */
    GROUP,
    /** Forwarded traffic: only the nftables backend (proxmox-firewall) evaluates these. */
    FORWARD
}
