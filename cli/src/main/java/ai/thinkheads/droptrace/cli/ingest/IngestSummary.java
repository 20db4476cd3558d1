package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.CommonOptions;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary every ingest command prints at the end: read, parsed, status, dead-lettered, sent, acknowledged. */
public final class IngestSummary {

    private IngestSummary() {
    }

    public static void print(OutputOptions common, String title, IngestCounts c, double seconds, List<String> notes,
            Map<SummaryField, Object> extra) {
        if (common.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("title", title);
            doc.putAll(lineCounts(c));
            doc.put("sent", c.sent());
            doc.put("acknowledged", c.acknowledged());
            doc.put("seconds", Math.round(seconds * 1000) / 1000.0);
            doc.put("linesPerSecond", Math.round(c.read() / Math.max(seconds, 1e-3)));
            extra.forEach((field, value) -> doc.put(field.key(), value));
            doc.put("notes", notes);
            JsonOutput.document(common.out(), doc);
            return;
        }
        PrintWriter out = common.out();
        out.println(title + ":");
        out.printf("  read %s in %.1f s (%,.0f lines/s)%n", Count.of(c.read(), "line"), seconds,
                c.read() / Math.max(seconds, 1e-3));
        out.printf("  parsed %s, %s (the logger reported %s)%n", Count.of(c.parsed(), "packet event"),
                Count.of(c.status(), "logger status line"), Count.of(c.skippedByLogger(), "skipped entry"));
        out.printf("  dead-lettered %s%n", Count.of(c.deadLettered(), "line"));
        if (c.blank() > 0) {
            out.printf("  skipped %s (nothing to send)%n", Count.of(c.blank(), "blank line"));
        }
        if (c.outsideWindow() > 0) {
            out.printf("  left out %s outside --from/--until%n", Count.of(c.outsideWindow(), "line"));
        }
        out.printf("  sent %s, acknowledged by Kafka %,d%n", Count.of(c.sent(), "record"), c.acknowledged());
        extra.forEach((field, v) -> out.printf("  %s: %s%n", field.label(), Count.grouped(v)));
        for (String note : notes) {
            out.println("  " + note);
        }
        out.flush();
    }

    /** What became of the lines read, as every command's JSON says it: read, parsed, status, deadLettered, blank, skippedByLogger. */
    public static Map<String, Object> lineCounts(IngestCounts c) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("read", c.read());
        counts.put("parsed", c.parsed());
        counts.put("status", c.status());
        counts.put("deadLettered", c.deadLettered());
        counts.put("blank", c.blank());
        counts.put("outsideWindow", c.outsideWindow());
        counts.put("skippedByLogger", c.skippedByLogger());
        return counts;
    }

    /**
     * Whether lines were read and not one was a firewall or logger status line (blank lines are none: input of only
     * those is no wrong file). A line outside --from/--until is one: only a line with a time of its own, an event or
     * a status line, is left out by the window, so a file whose firewall lines all lie outside it is the right file
     * even beside a line of something else.
     */
    public static boolean noFirewallLines(IngestCounts c) {
        return c.read() != c.blank() && c.parsed() + c.status() + c.outsideWindow() == 0;
    }

    /**
     * The exit code of a command that read lines: {@link ExitCodes#NO_FIREWALL_LINES}, with one line on
     * stderr saying so, when lines were read and not one was a firewall or logger status line; else OK.
     */
    public static int exitCode(CommonOptions common, IngestCounts c) {
        if (!noFirewallLines(c)) {
            return ExitCodes.OK;
        }
        long lines = c.read() - c.blank() - c.outsideWindow();
        common.err().println(lines == 1 // not "not one of the 1 lines read": a line piped in (echo ... | droptrace parse -)
                ? "droptrace: the one line read is not a firewall line (it is in the failures above or the dead letters); "
                        + "is it the right file?"
                : String.format(Locale.ROOT, "droptrace: not one of the %,d lines read is a firewall line (each is in the "
                        + "failures above or the dead letters); is it the right file?", lines));
        common.err().flush();
        return ExitCodes.NO_FIREWALL_LINES;
    }
}
