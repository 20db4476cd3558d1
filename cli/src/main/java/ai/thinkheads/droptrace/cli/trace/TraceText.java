package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.Stage;
import ai.thinkheads.droptrace.core.firewall.trace.Step;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.io.PrintWriter;

/** Prints a {@link TraceResult} for a terminal. */
final class TraceText {

    private TraceText() {
    }

    static void print(PrintWriter out, TraceResult r, boolean verbose) {
        line(out, "packet", r.packet().describe());
        line(out, "action", r.action().name());
        decider(out, r.decidedBy());
        if (r.logged()) {
            line(out, "logged", "yes: " + r.log().prefix());
        } else if (r.action().blocks()) {
            line(out, "logged", "no: " + r.notLoggedBecause());
        } else {
            line(out, "logged", "no");
        }
        Suggestion s = r.suggestion();
        if (s != null) {
            line(out, "suggest", s.summary());
            if (s.after() != null) {
                line(out, "", (s.file() == null ? "" : s.file() + (s.line() == null ? "" : ":" + s.line()) + ": ")
                        + s.after());
            }
        }
        if (r.fix() != null) {
            line(out, "fix", r.fix().summary());
        }
        if (!r.path().isEmpty()) {
            out.println("path:");
            TextTable table = new TextTable("chain", "action", "decided by");
            for (Stage st : r.path()) {
                table.row(st.chain(), st.action(), st.decidedBy() == null ? "(no decision, continues)"
                        : st.decidedBy().describe());
            }
            indent(out, table);
        }
        if (verbose) {
            for (Stage st : r.path()) {
                out.println("rules of " + st.chain() + " (" + st.role() + "):");
                for (Step step : st.steps()) {
                    String what = step.rule() != null ? step.rule().location() + "  " + step.rule().text()
                            : "built-in: " + step.builtin();
                    out.println("  " + pad(step.outcome().name(), 9) + Terminal.visible(what + "  -- " + step.reason()));
                }
            }
        }
        for (String a : r.packet().assumed()) {
            line(out, "assumed", a);
        }
        for (String n : r.notes()) {
            line(out, "note", n);
        }
        out.flush();
    }

    private static void decider(PrintWriter out, Decider d) {
        if (d instanceof Decider.RuleDecision rule) {
            line(out, "rule", rule.rule().location() + " [" + rule.rule().section() + "], chain " + rule.rule().chain()
                    + ", log " + rule.rule().log().keyword());
            line(out, "", rule.rule().text());
            if (rule.via() != null) {
                line(out, "via", rule.via().location() + "  " + rule.via().text());
            }
            if (rule.macroEntry() != null) {
                line(out, "macro", rule.macroEntry());
            }
        } else if (d instanceof Decider.PolicyDecision p) {
            line(out, "policy", p.action() + " of " + p.chain() + ": " + p.option() + (p.line() == null
                    ? " not set in " + p.file() + " (default " + p.action() + ")" : " at " + p.file() + ":" + p.line()));
            line(out, "", "log level " + p.logLevel().keyword() + " (" + p.logOption() + (p.logLine() == null
                    ? " not set in " + p.logFile() : " at " + p.logFile() + ":" + p.logLine()) + ")");
        } else {
            line(out, "decided", d.describe());
        }
    }

    /** A labelled line; its text may quote a rule's comment or a log prefix: shown as tables show their cells. */
    private static void line(PrintWriter out, String label, String text) {
        out.println(pad(label, 9) + Terminal.visible(text));
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    /** Prints a table indented by two spaces. */
    private static void indent(PrintWriter out, TextTable table) {
        java.io.StringWriter buffer = new java.io.StringWriter();
        table.print(new PrintWriter(buffer));
        buffer.toString().lines().forEach(l -> out.println("  " + l));
    }
}
