package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.cli.doctor.DoctorReport.Answer;
import ai.thinkheads.droptrace.cli.doctor.DoctorReport.Check;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.output.TextTable;
import java.io.PrintWriter;

/**
 * The doctor's report as text: the checks as one aligned table, then the two answers with their evidence. The
 * evidence quotes a log line or what a server sent, and a rule's text is a configuration's: each shown as the table
 * shows its cells ({@link Terminal#visible}).
 */
final class DoctorText {

    private DoctorText() {
    }

    static void print(PrintWriter out, DoctorReport report) {
        TextTable table = new TextTable("check", "path", "outcome", "verdict", "rule");
        for (Check c : report.checks()) {
            table.row(c.id(), c.path(), c.outcome(), c.verdict(), rule(c));
        }
        table.print(out);
        // Evidence and changes are sentences: one aligned block per failed check keeps the table readable.
        for (Check c : report.checks()) {
            if (c.passed()) {
                continue;
            }
            out.println();
            out.printf("%s  %s%s%n", visible(c.id()), c.verdict(), c.rule() == null ? "" : "  " + visible(rule(c)
                    + (c.rule().text() == null ? "" : "  " + c.rule().text())));
            out.printf("    evidence  %s%n", visible(c.evidence()));
            out.printf("    change    %s%n", c.change() == null ? "-" : visible(c.change()));
            if (c.logIt() != null) {
                out.printf("    log it    %s%n", visible(c.logIt()));
            }
        }
        out.println();
        DoctorReport.Summary s = report.summary();
        out.printf("%d %s: %d passed, %d failed.%n", s.checks(), s.checks() == 1 ? "check" : "checks", s.passed(), s.failed());
        answer(out, s.trust());
        answer(out, s.firewall());
        out.println();
        out.printf("Firewall configuration %s (ruleset %s); log %s (%d lines read); namespace %s.%n",
                report.configSource(), report.rulesetVersion(), report.log() == null ? "not followed" : report.log(),
                report.logLines(), report.namespace());
        out.flush();
    }

    /** {@code firewall/102.fw:5}, or {@code -}; a default policy has no line and says so. */
    static String rule(Check c) {
        if (c.rule() == null) {
            return "-";
        }
        return c.rule().location() + ("policy".equals(c.rule().kind()) && c.rule().line() == null ? " (default)" : "");
    }

    private static void answer(PrintWriter out, Answer a) {
        out.printf("%-30s %s%n", a.question(), a.answer().toUpperCase(java.util.Locale.ROOT));
        for (String e : a.evidence()) {
            out.printf("    %s%n", visible(e));
        }
    }

    private static String visible(String text) {
        return text == null ? null : Terminal.visible(text);
    }
}
