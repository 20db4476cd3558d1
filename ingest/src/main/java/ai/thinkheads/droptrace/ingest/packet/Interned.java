package ai.thinkheads.droptrace.ingest.packet;

/**
 * The strings that repeat from line to line shared instead of copied: the usual ether types, and a
 * small cache of short words (chains, zone offsets, hostnames, messages). A slot holds one
 * immutable string; a miss simply replaces it, so the cache is safe to share between threads.
 *
 * <p>Measured (docs/benchmarks.md): a cache lookup costs more than a short substring for values that
 * vary per line (addresses, devices), so those are plain substrings where they are read.
 */
public final class Interned {

    private static final int SLOTS = 1024;
    private static final String[] WORDS = new String[SLOTS];

    private Interned() {
    }

    static String etherType(String text, int from, int to) {
        if (text.charAt(from + 2) == ':') {
            char a = text.charAt(from);
            char b = text.charAt(from + 1);
            char c = text.charAt(from + 3);
            char d = text.charAt(from + 4);
            if (a == '0' && b == '8' && c == '0' && d == '0') {
                return "08:00";
            }
            if (a == '8' && b == '6' && c == 'd' && d == 'd') {
                return "86:dd";
            }
        }
        return text.substring(from, to);
    }

    /** Any short token that repeats across lines: chain names, zone offsets, hostnames. */
    public static String word(String text, int from, int to) {
        return lookup(WORDS, text, from, to);
    }

    private static String lookup(String[] cache, String text, int from, int to) {
        int length = to - from;
        if (length > 64) {
            return text.substring(from, to);
        }
        int h = length;
        for (int k = from; k < to; k++) {
            h = 31 * h + text.charAt(k);
        }
        int slot = (h ^ (h >>> 16)) & (cache.length - 1);
        String cached = cache[slot];
        if (cached != null && cached.length() == length && text.regionMatches(from, cached, 0, length)) {
            return cached;
        }
        String fresh = text.substring(from, to);
        cache[slot] = fresh;
        return fresh;
    }
}
