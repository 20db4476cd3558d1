package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Prints probe results: an aligned table (text) or one JSON document per line, in the topic's shape. */
final class ResultPrinter {

    private final PrintWriter out;
    private final boolean json;
    /** The rows printed on the schedule, one result at a time. */
    private final TextTable schedule = new TextTable("time", "probe", "result", "to", "port", "outcome", "explanation");

    ResultPrinter(PrintWriter out, boolean json) {
        this(out, json, List.of());
    }

    /**
     * A printer for the results of {@code probes}: the rows printed on the schedule are as wide as their probe ids
     * and destinations (a run of {@code deploy/phoenix/phoenix.yaml} printed its 27 and 28 character ids, under no
     * header, into a column of 24, pushing the rest of their rows out of line).
     */
    ResultPrinter(PrintWriter out, boolean json, List<PlannedProbe> probes) {
        this.out = out;
        this.json = json;
        String outcome = Arrays.stream(ProbeOutcome.values()).map(Enum::name)
                .max(Comparator.comparingInt(String::length)).orElse("");
        schedule.followedAsWideAs(probes.stream().map(p -> new Object[] {
                Instant.EPOCH, p.id(), "FAIL", p.destination() == null ? p.origin().name() : p.destination(),
                p.port() == 0 ? null : p.port(), outcome, null}).toList());
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
        // Rows of one table under its header, as alerts --follow prints them; the explanation quotes what servers sent
        // (an HTTP status line, a certificate's name), shown as the table shows control characters.
        schedule.printFollowed(out, r.time(), r.probeId(), r.passed() ? "ok" : "FAIL",
                r.destination() == null ? r.from() : r.destination(), r.port() == 0 ? null : r.port(), r.outcome(),
                r.explanation() == null ? "" : r.explanation());
    }
}
