package ai.thinkheads.droptrace.streams.query;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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

    /** How the API writes it, as it is asked for: {@code pair}. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TopBy parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("top lists rank by pair, chain, port or rule, not '" + text + "'");
        }
    }
}
