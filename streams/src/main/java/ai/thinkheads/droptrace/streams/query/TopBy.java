package ai.thinkheads.droptrace.streams.query;

import java.util.Locale;

/** What a top list ranks: (source, destination) pairs, chains ({@code vmid/chain}) or ports ({@code tcp/8443}). */
public enum TopBy {
    PAIR,
    CHAIN,
    PORT;

    public static TopBy parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("top lists rank by pair, chain or port, not '" + text + "'");
        }
    }
}
