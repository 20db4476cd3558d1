package ai.thinkheads.droptrace.core.text;

/** How far apart two words are, to name the one a user meant ("did you mean ...?"). */
public final class EditDistance {

    private EditDistance() {
    }

    /**
     * The edit distance (Levenshtein: letters added, left out or changed) of {@code a} and {@code b}, or {@code limit}
     * and more when it is at least that: the search stops as soon as it is.
     */
    public static int within(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
