package ai.thinkheads.droptrace.cli.demo;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.TempDirectory;
import ai.thinkheads.droptrace.cli.ingest.IngestSummary;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.cli.verdicts.VerdictTable;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code droptrace demo}: the bundled Phoenix sample, end to end on real Kafka. */
@Command(name = "demo", resourceBundle = "ai.thinkheads.droptrace.cli.common.NamespaceDefault$PerRun",
        mixinStandardHelpOptions = true,
        description = {
            "Runs droptrace end to end on a bundled sample of the Phoenix site.",
            "",
            "Replays a sample pve-firewall.log through the real ingest path into Kafka, publishes the Phoenix "
                    + "example firewall configuration and probe results recorded at the same time, runs the "
                    + "correlator on Kafka Streams, and prints the blocked pairs and the verdict on every failed "
                    + "probe (which rule, file:line, or what else). Then traces the paths of the sample Phoenix "
                    + "site's probe plan (deploy/phoenix) through its declared firewall, before a packet is sent. "
                    + "Uses an "
                    + "embedded Kafka broker unless --bootstrap-servers is given; the namespace defaults to a "
                    + "fresh demo-<time>, so runs never mix; a namespace given must not have topics yet."
        })
public final class DemoCommand implements Callable<Integer> {

    /** How long the JVM waits at Ctrl-C or SIGTERM for the demo to stop before its broker and files go. */
    private static final Duration STOP_CLEANUP = Duration.ofSeconds(30);

    @Mixin
    private KafkaOptions common;

    @Override
    public Integer call() {
        Namespace namespace = common.namespaceOr(
                "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        DemoRun.Report report;
        List<PathVerdict> site;
        // Ctrl-C or SIGTERM: the demo stops at its next step (Kafka Streams closed first), then the broker and the
        // working directory go, and the JVM ends with the signal's status. It ended without a word, and the exit hooks
        // deleted Kafka Streams' state under it (eight ERROR lines of Kafka Streams when it was running).
        try (ShutdownSignal signal = ShutdownSignal.install(STOP_CLEANUP)) {
            Thread stopped = new Thread(() -> {
                signal.awaitStop();
                if (signal.stopRequested()) {
                    common.err().println(stoppedLine(namespace, common.bootstrapServers()));
                    common.err().flush();
                }
            }, "demo-stopped");
            stopped.setDaemon(true);
            stopped.start();
            try (KafkaConnection kafka = KafkaConnection.open(common, signal::stopRequested);
                    TempDirectory work = TempDirectory.create("droptrace-demo-")) {
                if (kafka == null) { // stopped while waiting for --bootstrap-servers: the JVM ends with 143
                    stopped.join(1000); // it says so
                    return ExitCodes.FAILURE;
                }
                if (common.namespaceGiven()) { // a fresh demo-<time> is unused
                    DemoRun.requireUnused(kafka.bootstrapServers(), namespace);
                }
                report = DemoRun.run(kafka.bootstrapServers(), namespace, work.path(), signal);
                site = DemoSite.verify(work.path().resolve("site"));
            } catch (RuntimeException e) {
                if (signal.stopRequested()) { // what failed was stopped under it
                    stopped.join(1000); // it says so
                    return ExitCodes.FAILURE;
                }
                throw e;
            }
            if (signal.stopRequested()) {
                stopped.join(1000); // it says so
                return ExitCodes.FAILURE;
            }
            stopped.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        }
        if (common.json()) {
            Map<String, Object> doc = json(report);
            doc.put("siteCheck", Map.of("source", DemoSite.DESCRIPTION, "paths", site));
            JsonOutput.document(common.out(), doc);
        } else {
            text(common.out(), report);
            common.out().println(verdictsHint(report.namespace(), common.bootstrapServers(), common.kafkaConfig()));
            siteText(common.out(), site);
        }
        return ExitCodes.OK;
    }

    /** Said when a signal stops the demo before its end. */
    static String stoppedLine(Namespace namespace, String bootstrapServers) {
        return "droptrace demo: stopped before the end, no report; " + (bootstrapServers == null
                ? "its embedded broker and temporary files are deleted"
                : "its temporary files are deleted, the topics of namespace " + namespace + " stay on " + bootstrapServers);
    }

    private static void text(PrintWriter out, DemoRun.Report report) {
        IngestCounts c = report.counts();
        out.printf("Replayed %s of the Phoenix sample %s into %s:%n", Count.of(c.read(), "line"), DemoRun.SAMPLE,
                report.eventsTopic());
        out.printf("  %s, %s (the logger reported %s),%n", Count.of(c.parsed(), "packet event"),
                Count.of(c.status(), "logger status line"), Count.of(c.skippedByLogger(), "skipped entry"));
        out.printf("  %s to the dead-letter topic %s.%n%n", Count.of(c.deadLettered(), "line"), report.deadLetterTopic());
        TextTable table = new TextTable("source", "destination", "drops", "rejects", "ports");
        for (DemoRun.PairRow row : report.pairs()) {
            table.row(row.source(), row.destination(), row.drops(), row.rejects(), String.join(",", row.ports()));
        }
        out.printf("Blocked pairs (Kafka Streams state stores, %d pairs):%n", report.pairs().size());
        table.print(out);
        out.printf("%nPublished the Phoenix example firewall configuration (ruleset version %s) and %d recorded "
                + "probe results.%n", report.rulesetVersion(), report.probeResults());
        long recovered = report.verdicts().stream().filter(v -> v.verdict() == VerdictClass.OK).count();
        out.println(verdictsHeading(report.verdicts().size() - recovered, recovered));
        VerdictTable.table(report.verdicts()).print(out);
    }

    /** The verdict table's title: the failures decided, and the OKs said for a failed probe passing again. */
    static String verdictsHeading(long failures, long recovered) {
        return recovered == 0 ? String.format("Verdicts on the failed probes (%d):", failures)
                : String.format("Verdicts (%d): %d on failed probes, %d OK for a failed probe that passed again:",
                        failures + recovered, failures, recovered);
    }

    /**
     * How to see the verdicts in full afterwards: the exact command when the demo ran on a Kafka that stays up; with
     * the embedded broker its topics are gone when the demo ends, so how to run it on one.
     *
     * @param kafkaConfig the cluster's client settings given ({@code --kafka-config}), {@code null} for none: without
     *     them a cluster that requires TLS or SASL does not answer the command
     */
    static String verdictsHint(Namespace namespace, String bootstrapServers, Path kafkaConfig) {
        if (bootstrapServers == null) {
            return String.format("%nThe demo's embedded broker and its topics end with it: to see the verdicts in full "
                    + "afterwards (droptrace verdicts --details), run it on a Kafka that stays up, "
                    + "droptrace demo --bootstrap-servers HOST:PORT, which then gives the command.");
        }
        return String.format("%nSee each in full: droptrace verdicts --details --bootstrap-servers %s%s --namespace %s",
                bootstrapServers, kafkaConfig == null ? "" : " --kafka-config " + kafkaConfig, namespace);
    }

    private static void siteText(PrintWriter out, List<PathVerdict> site) {
        List<PathVerdict> broken = site.stream().filter(v -> !v.asExpected()).toList();
        out.printf("%nBefore a packet is sent: the declared Phoenix site, %s:%n", DemoSite.DESCRIPTION);
        out.printf("  %d paths traced, %d must-work paths blocked by the configuration itself:%n", site.size(),
                broken.size());
        TextTable table = new TextTable("probe", "path", "firewall", "decided by");
        broken.forEach(v -> table.row(v.path().id(), v.path().describe(), v.action() == null ? "?" : v.action(),
                v.decidedWhere()));
        if (!table.isEmpty()) {
            table.print(out);
        }
        out.printf("%nThe smallest rule to add for each, in the JSON and in .fw form: %s%n",
                DemoSite.verifyCommand(DemoSite.workingDirectory(), DemoSite.build()));
    }

    private static Map<String, Object> json(DemoRun.Report report) {
        IngestCounts c = report.counts();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("namespace", report.namespace().name());
        doc.put("eventsTopic", report.eventsTopic());
        doc.put("deadLetterTopic", report.deadLetterTopic());
        doc.put("lines", IngestSummary.lineCounts(c));
        List<Map<String, Object>> pairs = report.pairs().stream().map(row -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("source", row.source());
            pair.put("destination", row.destination());
            pair.put("drops", row.drops());
            pair.put("rejects", row.rejects());
            pair.put("ports", row.ports());
            pair.put("firstSeen", row.firstBlocked());
            pair.put("lastSeen", row.lastBlocked());
            return pair;
        }).toList();
        doc.put("pairs", pairs);
        doc.put("rulesetVersion", report.rulesetVersion());
        doc.put("probeResults", report.probeResults());
        doc.put("verdicts", report.verdicts());
        return doc;
    }
}
