package ai.thinkheads.droptrace.cli.demo;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.probe.RecordedResults;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.source.ConfigSource;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pve.PveFirewallLineParser;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.LogReplayer;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.query.LocalStores;
import ai.thinkheads.droptrace.streams.query.PairReport;
import ai.thinkheads.droptrace.streams.query.Resolution;
import ai.thinkheads.droptrace.streams.query.TimeRange;
import ai.thinkheads.droptrace.streams.query.TopBy;
import ai.thinkheads.droptrace.streams.query.TopList;
import ai.thinkheads.droptrace.streams.ruleset.RulesetPublisher;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.service.TopicFeed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The demo's end-to-end slice on real Kafka: replay the bundled Phoenix sample log through the
 * ingest path, publish the bundled Phoenix firewall configuration and the probe results recorded
 * at the same time, run the correlation topology over them, and read back the blocked pairs from
 * its state stores and the verdicts from the verdicts topic. One partition per topic: one task sees
 * every record, so every verdict is decided by event time, the same way on every run.
 */
final class DemoRun {

    static final String SAMPLE = "phoenix-pve-firewall.log";
    static final String PROBE_RESULTS = "phoenix-probe-results.jsonl";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant DAY = Instant.parse("2025-11-20T00:00:00Z");

    /** What the demo found. */
    record Report(Namespace namespace, String eventsTopic, String deadLetterTopic, IngestCounts counts,
            List<PairRow> pairs, int probeResults, String rulesetVersion, List<Verdict> verdicts) {
    }

    /** A blocked pair over the whole sample. */
    record PairRow(String source, String destination, long drops, long rejects, List<String> ports,
            Instant firstBlocked, Instant lastBlocked) {
    }

    private DemoRun() {
    }

    /** Runs the demo; when {@code stop} is raised (Ctrl-C, SIGTERM), it stops at its next step with {@link Stopped}. */
    static Report run(String bootstrapServers, Namespace namespace, Path workDir, ShutdownSignal stop) {
        TopicAdmin.ensure(bootstrapServers, 1, TIMEOUT, namespace, Topics.all());
        stopIfAsked(stop);
        IngestCounts counts;
        try (EventPublisher publisher = new EventPublisher(bootstrapServers, namespace, Map.of());
                BufferedReader sample = open(SAMPLE)) {
            counts = new LogReplayer(new PveFirewallLineParser(), publisher, Clock.systemUTC())
                    .replay(sample, "demo:" + SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled sample " + SAMPLE, e);
        }
        stopIfAsked(stop);
        ConfigSource source = DemoRuleset.source(workDir.resolve("ruleset"));
        PublishedRuleset ruleset = PublishedRuleset.of(source.load(ReadOptions.defaults()), Clock.systemUTC().instant(),
                "demo: " + source.describe());
        try (RulesetPublisher publisher = new RulesetPublisher(bootstrapServers, namespace, TIMEOUT)) {
            publisher.publish(ruleset);
        }
        RecordedResults.Read recorded;
        try (BufferedReader in = open(PROBE_RESULTS)) {
            recorded = RecordedResults.read(in, PROBE_RESULTS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled probe results " + PROBE_RESULTS, e);
        }
        if (!recorded.errors().isEmpty()) {
            throw new IllegalStateException("the bundled probe results are broken: " + recorded.errors().get(0));
        }
        try (ProbeResultPublisher publisher = new ProbeResultPublisher(bootstrapServers, namespace)) {
            recorded.results().forEach(publisher::accept);
            publisher.flush();
        }
        stopIfAsked(stop);
        // Everything is in Kafka before Streams starts: the task waits for both of its inputs and takes the
        // records in event-time order. Without the wait (the runner's default, -1) it may read every probe
        // result first, stream time jumps to the end of the day, and failures are decided before their lines.
        StreamsSettings settings = new StreamsSettings(bootstrapServers, "droptrace-" + namespace + "-demo",
                workDir.resolve("streams"), Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100,
                        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 500L));
        String eventsTopic = Topics.FIREWALL_EVENTS.name(namespace);
        List<PairRow> pairs;
        try (StreamsRunner runner = new StreamsRunner(CorrelationTopology.build(CorrelationSettings.defaults(namespace)),
                settings)) {
            if (!runner.start(TIMEOUT, stop)) {
                throw new Stopped();
            }
            // a stop while it catches up closes Kafka Streams here, before the working directory with its state goes
            Thread closer = new Thread(() -> {
                stop.awaitStop();
                if (stop.stopRequested()) {
                    runner.stop();
                }
            }, "demo-stop");
            closer.setDaemon(true);
            closer.start();
            try {
                runner.awaitCaughtUp(List.of(eventsTopic, Topics.PROBE_RESULTS.name(namespace)), TIMEOUT);
            } finally {
                closer.interrupt();
            }
            stopIfAsked(stop);
            pairs = pairs(new LocalStores(namespace.name(), 5, LocalStores.of(runner.streams())));
        }
        stopIfAsked(stop);
        List<Verdict> verdicts;
        try (TopicFeed<String, Verdict> feed = TopicFeed.open(bootstrapServers, namespace, Topics.VERDICTS, null)) {
            verdicts = new ArrayList<>(feed.readToEnd(TIMEOUT));
        }
        verdicts.sort(Comparator.comparing(Verdict::time).thenComparing(Verdict::id));
        return new Report(namespace, eventsTopic, Topics.UNPARSED.name(namespace), counts, pairs,
                recorded.results().size(), ruleset.version(), verdicts);
    }

    private static void stopIfAsked(ShutdownSignal stop) {
        if (stop.stopRequested()) {
            throw new Stopped();
        }
    }

    /** The demo was stopped by Ctrl-C or SIGTERM before its end. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /**
     * Refuses a namespace given with {@code --namespace} that has topics already (an earlier demo, or a real
     * namespace): the sample's counts and verdicts would add to what is there, and the demo's made-up events would
     * land among real ones.
     */
    static void requireUnused(String bootstrapServers, Namespace namespace) {
        Set<String> existing;
        try (Admin admin = Admin.create(KafkaClientSettings.with(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers)))) {
            existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics of Kafka at " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
        for (TopicSpec<?, ?> spec : Topics.all()) {
            if (existing.contains(spec.name(namespace))) {
                throw new UserException(ExitCodes.USAGE, "namespace " + namespace + " is in use (" + spec.name(namespace)
                        + " exists): the demo's sample would add to what is there; leave --namespace out for a "
                        + "fresh one, or name a new one");
            }
        }
    }

    private static List<PairRow> pairs(LocalStores stores) {
        TimeRange day = TimeRange.of(DAY, DAY.plus(Duration.ofDays(1)), Resolution.HOUR);
        List<PairRow> rows = new ArrayList<>();
        for (TopList.Row row : TopList.rank(stores.top(TopBy.PAIR, day, 1000), 1000)) {
            PairReport report = stores.pair(PairKey.decode(row.key()), day);
            List<String> ports = report.byPort().entrySet().stream().filter(e -> e.getValue().blocked() > 0)
                    .map(Map.Entry::getKey).toList();
            rows.add(new PairRow(report.source(), report.destination(), report.inRange().drops(),
                    report.inRange().rejects(), ports, report.firstBlocked(), report.lastBlocked()));
        }
        return rows;
    }

    private static BufferedReader open(String resource) {
        InputStream in = DemoRun.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the bundled " + resource + " is missing from the build");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
