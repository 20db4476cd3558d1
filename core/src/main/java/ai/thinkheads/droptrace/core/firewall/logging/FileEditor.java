package ai.thinkheads.droptrace.core.firewall.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects line edits of one file (replace a line, insert lines after a line) and applies them with a diff. */
final class FileEditor {

    private final String path;
    private final List<String> before;
    private final boolean created;
    private final Map<Integer, String> replacements = new TreeMap<>();
    private final Map<Integer, List<String>> insertions = new TreeMap<>();
    private final List<String> changes = new ArrayList<>();

    FileEditor(String path, List<String> before, boolean created) {
        this.path = path;
        this.before = before;
        this.created = created;
    }

    /** Replaces 1-based line {@code line}, keeping its line ending. */
    void replace(int line, String text, String why) {
        String old = before.get(line - 1);
        String ending = old.endsWith("\r") ? "\r" : "";
        replacements.put(line, text + ending);
        changes.add(path + ":" + line + ": " + text + " (" + why + ")");
    }

    /** Inserts lines after 1-based line {@code line} (0: at the top). */
    void insertAfter(int line, List<String> lines, String why) {
        String ending = !before.isEmpty() && before.get(0).endsWith("\r") ? "\r" : "";
        List<String> list = insertions.computeIfAbsent(line, k -> new ArrayList<>());
        for (String l : lines) {
            list.add(l + ending);
        }
        changes.add(path + ":" + (line + 1) + ": + " + String.join(" / ", lines.stream().filter(l -> !l.isEmpty()).toList())
                + " (" + why + ")");
    }

    List<String> before() {
        return before;
    }

    boolean changed() {
        return !replacements.isEmpty() || !insertions.isEmpty();
    }

    FileChange change() {
        List<UnifiedDiff.Op> ops = new ArrayList<>();
        List<String> after = new ArrayList<>();
        add(ops, after, insertions.get(0));
        // The lines are the text split at each newline: a text that ends with one (as pve-firewall writes files)
        // gives an empty last element, which is no line of the file; in the diff it would be a blank line the file
        // has not, and git apply refuses the diff
        boolean endsWithNewline = !before.isEmpty() && before.get(before.size() - 1).isEmpty();
        int lines = endsWithNewline ? before.size() - 1 : before.size();
        for (int i = 1; i <= lines; i++) {
            String old = before.get(i - 1);
            String replacement = replacements.get(i);
            if (replacement == null) {
                ops.add(new UnifiedDiff.Op(UnifiedDiff.Kind.KEEP, old));
                after.add(old);
            } else {
                ops.add(new UnifiedDiff.Op(UnifiedDiff.Kind.DELETE, old));
                ops.add(new UnifiedDiff.Op(UnifiedDiff.Kind.ADD, replacement));
                after.add(replacement);
            }
            add(ops, after, insertions.get(i));
        }
        if (endsWithNewline) {
            after.add("");
        } else if (lines > 0) {
            markLastLines(ops);
        }
        return new FileChange(path, created, before, after, UnifiedDiff.render(path, created, ops), changes);
    }

    /**
     * Marks the last line of each side of a file that does not end with a newline. An old last line that is
     * kept while lines are added after it gains a newline in the new file, so it is a change of that line.
     */
    private static void markLastLines(List<UnifiedDiff.Op> ops) {
        int oldLast = -1;
        for (int i = ops.size() - 1; i >= 0 && oldLast < 0; i--) {
            oldLast = ops.get(i).kind() != UnifiedDiff.Kind.ADD ? i : -1;
        }
        UnifiedDiff.Op old = ops.get(oldLast);
        boolean lastOfBoth = old.kind() == UnifiedDiff.Kind.KEEP && oldLast == ops.size() - 1;
        if (lastOfBoth) {
            ops.set(oldLast, new UnifiedDiff.Op(UnifiedDiff.Kind.KEEP, old.text(), true));
            return;
        }
        ops.set(oldLast, new UnifiedDiff.Op(UnifiedDiff.Kind.DELETE, old.text(), true));
        if (old.kind() == UnifiedDiff.Kind.KEEP) {
            ops.add(oldLast + 1, new UnifiedDiff.Op(UnifiedDiff.Kind.ADD, old.text()));
        }
        int newLast = ops.size() - 1;
        UnifiedDiff.Op added = ops.get(newLast);
        ops.set(newLast, new UnifiedDiff.Op(added.kind(), added.text(), true));
    }

    private static void add(List<UnifiedDiff.Op> ops, List<String> after, List<String> lines) {
        if (lines != null) {
            for (String l : lines) {
                ops.add(new UnifiedDiff.Op(UnifiedDiff.Kind.ADD, l));
                after.add(l);
            }
        }
    }
}
