package ai.thinkheads.droptrace.cli.output;

import java.util.Locale;

/** A count and its noun, singular for one: {@code 1 line}, {@code 2 lines}, {@code 1,234 entries}. */
public final class Count {

    private Count() {
    }

    /** {@code n} with grouping and {@code noun} in the plural unless {@code n} is 1 (a final y after a consonant becomes ies). */
    public static String of(long n, String noun) {
        String plural = noun.endsWith("y") && noun.length() > 1 && "aeiou".indexOf(noun.charAt(noun.length() - 2)) < 0
                ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? noun : plural);
    }

    /** A whole number with grouping ({@code 62,406}) as every count droptrace prints; anything else as it is. */
    public static String grouped(Object value) {
        return value instanceof Long || value instanceof Integer ? String.format(Locale.ROOT, "%,d", value)
                : String.valueOf(value);
    }
}
