package ai.thinkheads.droptrace.core.firewall.logging;

import java.util.ArrayList;
import java.util.List;

/** Renders an edit script as a unified diff ({@code diff -u} style, three lines of context). */
public final class UnifiedDiff {

    private static final int CONTEXT = 3;

    enum Kind { KEEP, DELETE, ADD }

    /**
     * One line of the edit script.
     *
     * @param noNewline true for the last line of its side when the file does not end with a newline: the diff
     *     then says so ({@code \ No newline at end of file}), without which patch and git apply refuse it
     */
    record Op(Kind kind, String text, boolean noNewline) {
        Op(Kind kind, String text) {
            this(kind, text, false);
        }
    }

    private UnifiedDiff() {
    }

    static String render(String path, boolean created, List<Op> ops) {
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(created ? "/dev/null" : "a/" + path).append('\n');
        out.append("+++ b/").append(path).append('\n');
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).kind() != Kind.KEEP) {
                changed.add(i);
            }
        }
        int k = 0;
        while (k < changed.size()) {
            int first = changed.get(k);
            int last = first;
            while (k + 1 < changed.size() && changed.get(k + 1) - last <= 2 * CONTEXT + 1) {
                last = changed.get(++k);
            }
            k++;
            hunk(out, ops, Math.max(0, first - CONTEXT), Math.min(ops.size(), last + CONTEXT + 1));
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Op> ops, int from, int to) {
        int oldBefore = 0;
        int newBefore = 0;
        for (int i = 0; i < from; i++) {
            oldBefore += ops.get(i).kind() != Kind.ADD ? 1 : 0;
            newBefore += ops.get(i).kind() != Kind.DELETE ? 1 : 0;
        }
        int oldCount = 0;
        int newCount = 0;
        for (int i = from; i < to; i++) {
            oldCount += ops.get(i).kind() != Kind.ADD ? 1 : 0;
            newCount += ops.get(i).kind() != Kind.DELETE ? 1 : 0;
        }
        out.append("@@ -").append(range(oldBefore, oldCount)).append(" +").append(range(newBefore, newCount))
                .append(" @@\n");
        for (int i = from; i < to; i++) {
            Op op = ops.get(i);
            char sign = op.kind() == Kind.KEEP ? ' ' : op.kind() == Kind.DELETE ? '-' : '+';
            // a line keeps its CR (a JSON file saved with CRLF): diff -u writes it, and git apply and patch match
            // a context line with it, so without it the diff would not apply to the file it is for
            out.append(sign).append(op.text()).append('\n');
            if (op.noNewline()) {
                out.append("\\ No newline at end of file\n");
            }
        }
    }

    private static String range(int before, int count) {
        return count == 0 ? before + ",0" : (before + 1) + (count == 1 ? "" : "," + count);
    }
}
