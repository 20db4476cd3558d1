package ai.thinkheads.droptrace.core.phoenix;

/** The two generations of the Phoenix firewall generator, as its history shows them. */
public enum Generator {
    /**
     * Design and main branch (up to 2025-11-14): {@code hypervisor_feature_setup_firewall.sh} writes
     * one {@code cluster.fw} with the global rules and then every LXC and VM rule;
     * {@code lxc-manager.sh} creates each LXC's rules through the API but never sets {@code enable};
     * {@code vm-manager.sh} writes each VM's file with {@code enable: 1} and its stacks' rules.
     */
    OLD,
    /**
     * From 2025-11-14 (version 2.0.0 of the setup script): every {@code *.fw} is deleted, then
     * {@code cluster.fw} gets {@code IN ACCEPT -i lo} and the global rules only, and each guest its
     * own {@code <id>.fw} ({@code enable: 1} and its rules when its firewall is enabled, an empty
     * file otherwise); a "host" file goes to {@code firewall/<hostname>.fw}.
     */
    NEW
}
