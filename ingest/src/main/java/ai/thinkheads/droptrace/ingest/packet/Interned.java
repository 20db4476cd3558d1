package ai.thinkheads.droptrace.ingest.packet;

/**
 * Small caches of the strings that repeat from line to line (devices, addresses, chains, TOS
 * values), so the hot path does not allocate a new copy of each for every line. A slot holds one
 * immutable string; a miss simply replaces it, so the caches are safe to share between threads.
 */
public final class Interned {

    private static final int SLOTS = 1024;
    private static final String[] WORDS = new String[SLOTS];

    private Interned() {
    }

    // Measured (docs/benchmarks.md): a cache lookup costs more than a short substring for values
    // that vary per line (addresses, devices), so those are plain substrings; only the few
    // constant-like values are shared.

    static String device(String text, int from, int to) {
        return text.substring(from, to);
    }

    static String address(String text, int from, int to) {
        return text.substring(from, to);
    }

    static String hex(String text, int from, int to) {
        if (to - from == 4 && text.charAt(from + 2) == '0' && text.charAt(from + 3) == '0' && text.charAt(from) == '0'
                && text.charAt(from + 1) == 'x') {
            return "0x00";
        }
        return text.substring(from, to);
    }

    static String etherType(String text, int from, int to) {
        char a = text.charAt(from);
        char b = text.charAt(from + 1);
        char c = text.charAt(from + 3);
        char d = text.charAt(from + 4);
        if (text.charAt(from + 2) != ':') {
            return text.substring(from, to);
        }
        if (a == '0' && b == '8' && c == '0' && d == '0') {
            return "08:00";
        }
        if (a == '8' && b == '6' && c == 'd' && d == 'd') {
            return "86:dd";
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
