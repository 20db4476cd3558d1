package ai.thinkheads.droptrace.cli.output;

/**
 * How many terminal columns a text takes, for aligning table columns: a wide or fullwidth character (CJK, Hangul,
 * fullwidth forms, most emoji) takes two, a combining mark or an invisible format character (a zero-width joiner, a
 * variation selector) none, anything else one. The wide ranges are the blocks Unicode's East Asian Width gives W or
 * F as a whole (as Markus Kuhn's {@code wcwidth} does), not the full table: a few symbols in them are narrow, and
 * terminals disagree on some emoji anyway. Control characters are not counted here: cells are made
 * {@link Terminal#visible} first.
 */
final class DisplayWidth {

    /** Start and end (inclusive) of each wide range, in order. */
    private static final int[][] WIDE = {
        {0x1100, 0x115F}, // Hangul Jamo initial consonants
        {0x2E80, 0x303E}, // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
        {0x3041, 0x33FF}, // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed
        {0x3400, 0x4DBF}, // CJK unified ideographs extension A
        {0x4E00, 0x9FFF}, // CJK unified ideographs
        {0xA000, 0xA4CF}, // Yi
        {0xA960, 0xA97F}, // Hangul Jamo extended A
        {0xAC00, 0xD7A3}, // Hangul syllables
        {0xF900, 0xFAFF}, // CJK compatibility ideographs
        {0xFE10, 0xFE19}, // vertical forms
        {0xFE30, 0xFE6F}, // CJK compatibility forms, small form variants
        {0xFF00, 0xFF60}, // fullwidth forms
        {0xFFE0, 0xFFE6}, // fullwidth signs
        {0x1F300, 0x1F64F}, // miscellaneous symbols and pictographs, emoticons
        {0x1F680, 0x1F6FF}, // transport and map symbols
        {0x1F900, 0x1F9FF}, // supplemental symbols and pictographs
        {0x1FA70, 0x1FAFF}, // symbols and pictographs extended A
        {0x20000, 0x2FFFD}, // CJK ideographs, supplementary ideographic plane
        {0x30000, 0x3FFFD}, // tertiary ideographic plane
    };

    private DisplayWidth() {
    }

    static int of(String text) {
        int width = 0;
        for (int k = 0; k < text.length(); ) {
            int c = text.codePointAt(k);
            width += of(c);
            k += Character.charCount(c);
        }
        return width;
    }

    static int of(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT && codePoint != 0x00AD) { // a soft hyphen is shown
            return 0;
        }
        return wide(codePoint) ? 2 : 1;
    }

    private static boolean wide(int codePoint) {
        if (codePoint < WIDE[0][0]) {
            return false;
        }
        for (int[] range : WIDE) {
            if (codePoint < range[0]) {
                return false;
            }
            if (codePoint <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
