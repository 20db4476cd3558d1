package ai.thinkheads.droptrace.core.firewall.macro;

import java.util.Objects;

/**
 * One rule a macro expands to. Its action is always the rule's own ({@code SSH(ACCEPT)}).
 *
 * @param proto the protocol, or {@code null} for any
 * @param dport the destination port spec (or the ICMP type name for icmp), or {@code null}
 * @param sport the source port spec, or {@code null}
 */
public record MacroEntry(String proto, String dport, String sport) {

    public MacroEntry {
        Objects.requireNonNull(proto, "proto");
    }

    @Override
    public String toString() {
        return proto + (dport == null ? "" : " dport " + dport) + (sport == null ? "" : " sport " + sport);
    }
}
