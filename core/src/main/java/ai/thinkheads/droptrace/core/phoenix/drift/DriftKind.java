package ai.thinkheads.droptrace.core.phoenix.drift;

/** What differs between what the Phoenix JSON declares and what pve-firewall has. */
public enum DriftKind {
    /** A file the generator writes is not there. */
    MISSING_FILE,
    /** A guest file with rules or options that the JSON does not declare. */
    EXTRA_FILE,
    /** The JSON enables a guest's firewall; the live file has no {@code enable: 1}. */
    FIREWALL_NOT_ENABLED,
    /** The live file enables a guest firewall the JSON does not enable. */
    FIREWALL_ENABLED_UNDECLARED,
    /** An option ({@code enable}, {@code policy_in}, {@code policy_out}) has another value. */
    OPTION_DIFFERS,
    /** A declared rule is not in the live file. */
    MISSING_RULE,
    /** A live rule was not declared. */
    EXTRA_RULE,
    /** The same rules in another order (first match wins, so the order matters). */
    RULE_ORDER,
    /**
     * A declared line pve-firewall cannot read ({@code -iface vmbr0}): it skips it, so the declared rule
     * does not exist, whether or not the live file has the line.
     */
    UNREADABLE_DECLARED_LINE,
    /** A host file where pve-firewall does not read it ({@code firewall/<name>.fw}). */
    IGNORED_HOST_FILE,
    /** The guest's firewall is declared enabled but its NIC has {@code firewall=0}. */
    NIC_FIREWALL_OFF
}
