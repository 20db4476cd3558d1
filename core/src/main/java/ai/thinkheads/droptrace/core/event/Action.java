package ai.thinkheads.droptrace.core.event;

/** What the firewall did with a packet. */
public enum Action {
    ACCEPT,
    DROP,
    REJECT;

    /** True for the two actions that stop a packet: the ones an operator is hunting for. */
    public boolean blocks() {
        return this != ACCEPT;
    }
}
