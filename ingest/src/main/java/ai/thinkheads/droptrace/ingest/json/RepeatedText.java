package ai.thinkheads.droptrace.ingest.json;

/**
 * The JSON of strings that come back line after line as the very same instance (the parser's
 * shared protocol names, messages, zone offsets, TOS values): kept once, copied afterwards. A few
 * slots picked by the string's hash; an entry is immutable, so slots can be shared between threads.
 */
final class RepeatedText {

    private record Entry(String text, byte[] json) {
    }

    private final Entry[] slots = new Entry[8];

    void write(JsonBytes out, String text) {
        int slot = text.hashCode() & (slots.length - 1);
        Entry entry = slots[slot];
        if (entry != null && entry.text() == text) {
            out.raw(entry.json());
            return;
        }
        int start = out.size();
        out.string(text);
        slots[slot] = new Entry(text, out.copy(start));
    }
}
