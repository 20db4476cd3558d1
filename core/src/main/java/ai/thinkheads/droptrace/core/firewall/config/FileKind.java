package ai.thinkheads.droptrace.core.firewall.config;

/** The three kinds of pve-firewall configuration file; each allows different sections and options. */
public enum FileKind {
    /** {@code /etc/pve/firewall/cluster.fw}: options, aliases, ipsets, rules, security groups. */
    CLUSTER,
    /** {@code /etc/pve/nodes/<node>/host.fw}: options and rules. */
    HOST,
    /** {@code /etc/pve/firewall/<vmid>.fw}: options, aliases, ipsets, rules. */
    GUEST
}
