package ai.thinkheads.droptrace.ingest.pve;

/**
 * Finds where the packet fields of a netfilter log line start: at the first of {@code IN=},
 * {@code OUT=}, {@code PHYSIN=}, {@code PHYSOUT=}, {@code MAC=}, {@code SRC=}, even when a raw
 * prefix is glued onto it ({@code fooIN=eth0}, {@code [WAN_IN-2000-A]IN=eth0},
 * {@code policy REJECT:IN=fwbr...}).
 */
public final class FieldStart {

    private static final String[] KEYS = {"PHYSOUT", "PHYSIN", "OUT", "IN", "MAC", "SRC"};

    private FieldStart() {
    }

    /** Index of the first field key at or after {@code from}, or -1 when the text has no packet fields. */
    public static int find(String text, int from) {
        int eq = text.indexOf('=', from);
        while (eq > 0) {
            for (String key : KEYS) {
                int start = eq - key.length();
                if (start >= from && text.startsWith(key, start)) {
                    return start;
                }
            }
            eq = text.indexOf('=', eq + 1);
        }
        return -1;
    }
}
