package ai.thinkheads.droptrace.core.phoenix.check;

/** The failure classes the Phoenix site's own history shows, numbered as in droptrace's docs. */
public enum FailureClass {
    GUEST_RULE_ON_HOST(1, "guest rule that filters the host"),
    GUEST_FIREWALL_INEFFECTIVE(2, "guest firewall off, or on without a rule for what it serves"),
    PORT_MISMATCH(3, "port mismatch between a service and its rules"),
    MALFORMED_LINE(4, "rule line pve-firewall cannot use"),
    STALE_ADDRESS(5, "stale address"),
    ICMP_DNS_BLOCKED(6, "ICMP or DNS not allowed"),
    OUTSIDE_SCHEMA(7, "value outside the Phoenix schema");

    private final int number;
    private final String title;

    FailureClass(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }
}
