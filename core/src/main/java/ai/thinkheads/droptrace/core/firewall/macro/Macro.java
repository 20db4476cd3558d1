package ai.thinkheads.droptrace.core.firewall.macro;

import java.util.List;
import java.util.Objects;

/**
 * A pve-firewall macro: a named list of match rules taken over from shorewall.
 *
 * @param name the preferred spelling ({@code SSH}); rules name macros case-insensitively
 * @param entries what it expands to in IPv4 rulesets (and in IPv6 unless {@code v6Entries} is set)
 * @param v6Entries the IPv6 replacement ({@code Ping} becomes icmpv6 echo-request), or empty
 */
public record Macro(String name, String description, List<MacroEntry> entries, List<MacroEntry> v6Entries) {

    public Macro {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
        v6Entries = List.copyOf(v6Entries);
    }

    /** The entries of the ruleset of IP version {@code version}. */
    public List<MacroEntry> entries(int version) {
        return version == 6 && !v6Entries.isEmpty() ? v6Entries : entries;
    }
}
