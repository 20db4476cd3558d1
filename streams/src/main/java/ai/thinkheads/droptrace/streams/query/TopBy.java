package ai.thinkheads.droptrace.streams.query;

import java.util.Locale;

/**
 * What a top list ranks: (source, destination) pairs, chains ({@code vmid/chain}), ports
 * ({@code tcp/8443}) or rules (the rule that wrote the lines, {@code firewall/102.fw:7}).
 */
public enum TopBy {
    PAIR,
    CHAIN,
    PORT,
    RULE;

    public static TopBy parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("top lists rank by pair, chain, port or rule, not '" + text + "'");
        }
    }
}
