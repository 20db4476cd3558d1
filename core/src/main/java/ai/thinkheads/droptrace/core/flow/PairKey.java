package ai.thinkheads.droptrace.core.flow;

import java.util.Objects;

/** A (source, destination) address pair: the key of every per-pair aggregate. */
public record PairKey(String source, String destination) {

    public PairKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        FlowKey.requireNoSeparator(source);
        FlowKey.requireNoSeparator(destination);
    }

    public String encode() {
        return source + '|' + destination;
    }

    public static PairKey decode(String text) {
        int bar = text.indexOf('|');
        if (bar < 0 || text.indexOf('|', bar + 1) >= 0) {
            throw new IllegalArgumentException("pair key needs 2 '|'-separated parts: " + text);
        }
        return new PairKey(text.substring(0, bar), text.substring(bar + 1));
    }

    @Override
    public String toString() {
        return encode();
    }
}
