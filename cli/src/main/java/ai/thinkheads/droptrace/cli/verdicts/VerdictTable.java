package ai.thinkheads.droptrace.cli.verdicts;

import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.io.PrintWriter;
import java.util.List;

/** Verdicts as a text table (a row at a time for a follower), and one verdict in detail. Shared with the demo. */
public final class VerdictTable {

    private VerdictTable() {
    }

    public static TextTable table(List<Verdict> verdicts) {
        TextTable table = table();
        for (Verdict v : verdicts) {
            table.row(cells(v));
        }
        return table;
    }

    /** The verdicts table, without rows. */
    public static TextTable table() {
        return new TextTable("time", "probe", "verdict", "sure", "flow", "outcome", "rule", "change");
    }

    /** A verdict as a row of {@link #table()}. */
    public static Object[] cells(Verdict v) {
        return new Object[] {v.time(), v.probe().probeId(), v.verdict(), v.confidence(),
            v.probe().destination() == null ? "-" : v.probe().flow(), v.probe().outcome(),
            v.rule() == null ? "-" : v.rule().location(), change(v)};
    }

    /** The suggested change in one cell: the rule to add, else the line that turns logging on. */
    public static String change(Verdict v) {
        if (v.fix() != null && v.fix().after() != null) {
            return v.fix().file() + ": " + v.fix().after();
        }
        if (v.suggestion() != null && v.suggestion().after() != null) {
            return v.suggestion().file() + ": " + v.suggestion().after();
        }
        return "-";
    }

    /**
     * One verdict in a few lines: the summary, the reason, the rule, the changes and the evidence. Control
     * characters are shown as {@code \xNN}: the evidence lines are log lines as read, and a probe id or a rule
     * text may hold anything.
     */
    public static void detail(PrintWriter out, Verdict v) {
        out.printf("%s  %s (%s)  %s%n", TextTable.time(v.time()), v.verdict(), v.confidence(), visible(v.summary()));
        out.printf("    why:      %s%n", visible(v.reason()));
        if (v.rule() != null) {
            out.printf("    rule:     %s  %s%n", visible(v.rule().location()),
                    v.rule().text() == null ? "" : visible(v.rule().text()));
            if (v.rulesetVersion() != null) {
                // the configuration the rule is from: the one in effect when the probe ran, not always the newest
                out.printf("    ruleset:  %s%n", visible(v.rulesetVersion()));
            }
        }
        if (v.suggestion() != null) {
            out.printf("    log it:   %s%n", visible(v.suggestion().summary()));
        }
        if (v.fix() != null) {
            out.printf("    fix:      %s%n", visible(v.fix().summary()));
        }
        for (String line : v.evidence()) {
            out.printf("    evidence: %s%n", visible(line));
        }
        out.flush();
    }

    private static String visible(String text) {
        return text == null ? null : Terminal.visible(text);
    }
}
