package ai.thinkheads.droptrace.ingest.json;

/**
 * The JSON of strings that come back line after line as the very same instance (the parser's
 * shared protocol names, messages, zone offsets, TOS values): kept once, copied afterwards. A
 * string's slot is picked by its hash, and the next slots are tried when that one holds another
 * string, so two strings of one hash ({@code TCP} and {@code UDP}) do not evict each other line
 * after line; an entry is immutable, so slots can be shared between threads.
 */
final class RepeatedText {

    private record Entry(String text, byte[] json) {
    }

    private static final int SLOTS = 16;
    private static final int PROBES = 4;

    private final Entry[] slots = new Entry[SLOTS];

    void write(JsonBytes out, String text) {
        int first = text.hashCode() & (SLOTS - 1);
        int free = -1;
        for (int k = 0; k < PROBES; k++) {
            int slot = (first + k) & (SLOTS - 1);
            Entry entry = slots[slot];
            if (entry == null) {
                free = slot;
                break;
            }
            if (entry.text() == text) {
                out.raw(entry.json());
                return;
            }
        }
        int start = out.size();
        out.string(text);
        slots[free >= 0 ? free : first] = new Entry(text, out.copy(start));
    }
}
