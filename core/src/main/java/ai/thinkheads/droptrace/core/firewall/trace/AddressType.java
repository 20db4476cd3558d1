package ai.thinkheads.droptrace.core.firewall.trace;

/** The netfilter address type of a packet address ({@code -m addrtype}); the built-in rules test it. */
public enum AddressType {
    UNICAST,
    BROADCAST,
    MULTICAST,
    ANYCAST
}
