package ai.thinkheads.droptrace.ingest.pve;

/**
 * Finds where the packet fields of a netfilter log line start: at the first of {@code IN=},
 * {@code OUT=}, {@code PHYSIN=}, {@code PHYSOUT=}, {@code MAC=}, {@code SRC=}, even when a raw
 * prefix is glued onto it ({@code fooIN=eth0}, {@code [WAN_IN-2000-A]IN=eth0},
 * {@code policy REJECT:IN=fwbr...}).
 */
public final class FieldStart {

    private FieldStart() {
    }

    /** Index of the first field key at or after {@code from}, or -1 when the text has no packet fields. */
    public static int find(String text, int from) {
        int eq = text.indexOf('=', from);
        while (eq > 0) {
            int start = keyBefore(text, from, eq);
            if (start >= 0) {
                return start;
            }
            eq = text.indexOf('=', eq + 1);
        }
        return -1;
    }

    /**
     * The start of the key that ends at {@code eq}, {@code PHYSOUT}/{@code PHYSIN} before {@code OUT}/{@code IN}, or -1: told
     * by the last character, then compared character by character (this runs for every line).
     */
    private static int keyBefore(String text, int from, int eq) {
        if (eq - 2 < from) {
            return -1;
        }
        char last = text.charAt(eq - 1);
        char before = text.charAt(eq - 2);
        if (last == 'N' && before == 'I') {
            return eq - 6 >= from && phys(text, eq - 6) ? eq - 6 : eq - 2;
        }
        if (eq - 3 < from) {
            return -1;
        }
        char first = text.charAt(eq - 3);
        if (last == 'T' && before == 'U' && first == 'O') {
            return eq - 7 >= from && phys(text, eq - 7) ? eq - 7 : eq - 3;
        }
        if (last == 'C' && (before == 'A' && first == 'M' || before == 'R' && first == 'S')) {
            return eq - 3;
        }
        return -1;
    }

    private static boolean phys(String text, int at) {
        return text.charAt(at) == 'P' && text.charAt(at + 1) == 'H' && text.charAt(at + 2) == 'Y'
                && text.charAt(at + 3) == 'S';
    }
}
