package ai.thinkheads.droptrace.cli.demo;

import ai.thinkheads.droptrace.cli.common.CommonOptions;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.TempDirectory;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.streams.pairs.PairDropsReader.PairRow;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code droptrace demo}: the bundled Phoenix sample, end to end on real Kafka. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs droptrace end to end on a bundled sample of the Phoenix site.",
            "",
            "Replays a sample pve-firewall.log through the real ingest path into Kafka, counts drops and "
                    + "rejects per (source, destination) pair with Kafka Streams, and prints the pairs. Uses an "
                    + "embedded Kafka broker unless --bootstrap-servers is given; the namespace defaults to a "
                    + "fresh demo-<time>, so runs never mix."
        })
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    private CommonOptions common;

    @Override
    public Integer call() {
        Namespace namespace = common.namespaceOr(
                "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        DemoRun.Report report;
        try (KafkaConnection kafka = KafkaConnection.open(common);
                TempDirectory work = TempDirectory.create("droptrace-demo-")) {
            report = DemoRun.run(kafka.bootstrapServers(), namespace, work.path());
        }
        if (common.json()) {
            JsonOutput.document(common.out(), json(report));
        } else {
            text(common.out(), report);
        }
        return ExitCodes.OK;
    }

    private static void text(PrintWriter out, DemoRun.Report report) {
        IngestCounts c = report.counts();
        out.printf("Replayed %d lines of the Phoenix sample %s into %s:%n", c.read(), DemoRun.SAMPLE, report.eventsTopic());
        out.printf("  %d packet events, %d logger status lines (the logger reported %d skipped entries),%n",
                c.parsed(), c.status(), c.skippedByLogger());
        out.printf("  %d lines to the dead-letter topic %s.%n%n", c.deadLettered(), report.deadLetterTopic());
        TextTable table = new TextTable("source", "destination", "drops", "rejects", "ports");
        for (PairRow row : report.pairs()) {
            table.row(row.pair().source(), row.pair().destination(), row.drops().drops(), row.drops().rejects(),
                    String.join(",", row.drops().ports()));
        }
        out.printf("Blocked pairs (Kafka Streams store, %d pairs):%n", report.pairs().size());
        table.print(out);
    }

    private static Map<String, Object> json(DemoRun.Report report) {
        IngestCounts c = report.counts();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("namespace", report.namespace().name());
        doc.put("eventsTopic", report.eventsTopic());
        doc.put("deadLetterTopic", report.deadLetterTopic());
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("read", c.read());
        lines.put("parsed", c.parsed());
        lines.put("status", c.status());
        lines.put("deadLettered", c.deadLettered());
        lines.put("skippedByLogger", c.skippedByLogger());
        doc.put("lines", lines);
        List<Map<String, Object>> pairs = report.pairs().stream().map(row -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("source", row.pair().source());
            pair.put("destination", row.pair().destination());
            pair.put("drops", row.drops().drops());
            pair.put("rejects", row.drops().rejects());
            pair.put("ports", row.drops().ports());
            pair.put("firstSeen", row.drops().firstSeen());
            pair.put("lastSeen", row.drops().lastSeen());
            return pair;
        }).toList();
        doc.put("pairs", pairs);
        return doc;
    }
}
