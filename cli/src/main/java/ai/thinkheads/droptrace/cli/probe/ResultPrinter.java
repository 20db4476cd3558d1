package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import java.io.PrintWriter;
import java.util.List;

/** Prints probe results: an aligned table (text) or one JSON document per line, in the topic's shape. */
final class ResultPrinter {

    private final PrintWriter out;
    private final boolean json;

    ResultPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void table(List<ProbeResult> results) {
        if (json) {
            results.forEach(r -> JsonOutput.line(out, r));
            return;
        }
        TextTable table = new TextTable("probe", "kind", "from", "to", "port", "outcome", "result", "connect", "explanation");
        for (ProbeResult r : results) {
            table.row(r.probeId(), r.kind().name().toLowerCase(), r.from(), r.destination() == null ? r.to() : r.destination(),
                    r.port() == 0 ? null : r.port(), r.outcome(), r.passed() ? "ok" : "FAIL",
                    r.connectMillis() == null ? null : r.connectMillis() + "ms", r.explanation());
        }
        table.print(out);
    }

    synchronized void line(ProbeResult r) {
        if (json) {
            JsonOutput.line(out, r);
            return;
        }
        // The explanation quotes what servers sent (an HTTP status line, a certificate's name): shown as the table shows it.
        out.printf("%s  %-24s %-5s %-16s %-6s %-18s %s%n", TextTable.time(r.time()), r.probeId(), r.passed() ? "ok" : "FAIL",
                r.destination() == null ? r.from() : r.destination(), r.port() == 0 ? "" : Integer.toString(r.port()),
                r.outcome(), r.explanation() == null ? "" : Terminal.visible(r.explanation()));
        out.flush();
    }
}
