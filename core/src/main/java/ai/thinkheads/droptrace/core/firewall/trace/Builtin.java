package ai.thinkheads.droptrace.core.firewall.trace;

/** The rules pve-firewall adds by itself, which no {@code .fw} line names. */
public enum Builtin {
    /** Traffic on the loopback interface: {@code -i lo} first in PVEFW-HOST-IN, {@code -o lo} in PVEFW-HOST-OUT. */
    LOOPBACK(false),
    /** DHCP replies to a guest (IN) or requests from it (OUT); on unless {@code dhcp: 0}. */
    DHCP(false),
    /** IPv6 neighbour discovery; on unless {@code ndp: 0}. */
    NDP(false),
    /** IGMP to and from the host (multicast membership). */
    IGMP(false),
    /** Host services (8006, VNC 5900-5999, SPICE 3128, SSH 22, migration 60000-60050) from the {@code management} ipset. */
    MANAGEMENT(false),
    /** Host services to the {@code local_network} (8006, 22, 5900-5999, 3128). */
    LOCAL_NETWORK(false),
    /** Corosync (udp 5404-5405) between cluster nodes on the same ring, and multicast when the transport is udp. */
    COROSYNC(false),
    /** Source in the cluster {@code blacklist} ipset: logged and dropped ({@code PVEFW-blacklist}). */
    BLACKLIST(true),
    /** Source is a broadcast or multicast address ({@code PVEFW-smurfs}); logged at {@code smurf_log_level}. */
    SMURFS(true),
    /** Illegal TCP flag combination ({@code PVEFW-tcpflags}, with host option {@code tcpflags: 1}). */
    TCPFLAGS(true),
    /** ICMP errors a DROP/REJECT policy lets through (fragmentation-needed, time-exceeded, ...). */
    CRITICAL_ICMP(false),
    /** Noise {@code PVEFW-Drop}/{@code PVEFW-Reject} remove before the policy is logged: never logged. */
    POLICY_NOISE(false),
    /** A guest sends from an address outside its {@code ipfilter-net<N>} set: dropped, never logged. */
    IPFILTER(false),
    /** A guest sends an IPv6 router advertisement without {@code radv: 1}: dropped, never logged. */
    ROUTER_ADVERTISEMENT(false);

    private final boolean canLog;

    Builtin(boolean canLog) {
        this.canLog = canLog;
    }

    /** True when a log level option can make pve-firewall log what this rule drops. */
    public boolean canLog() {
        return canLog;
    }
}
