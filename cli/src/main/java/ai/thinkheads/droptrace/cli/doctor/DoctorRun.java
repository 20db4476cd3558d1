package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.correlate.MustWorkFlows;
import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.deploy.kafka.BrokerReadiness;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import ai.thinkheads.droptrace.probes.schedule.ProbeScheduler;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.ruleset.RulesetPublisher;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.verdict.VerdictSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One doctor run on Kafka: publish the ruleset, start the correlation topology, follow the firewall
 * log from its current end into firewall-events, run every probe once and publish its result, then
 * read back the verdict of every failed probe. One partition per topic, so one task sees every
 * record and decides by event time.
 */
final class DoctorRun {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(60);
    /** Beyond the grace: Streams' commit, the punctuation period and a loaded machine. */
    private static final Duration VERDICT_MARGIN = Duration.ofSeconds(30);
    /** How long a Kafka that left verdicts unread is asked whether it still answers. */
    private static final Duration STILL_THERE = Duration.ofSeconds(5);

    /** What a run needs. {@code log} may be null (no log followed). */
    record Inputs(String bootstrapServers, Namespace namespace, ProbePlan plan, List<PlannedProbe> probes,
            Ruleset ruleset, String configSource, Path log, Duration grace, Path workDir) {
    }

    /**
     * What a run found: the results in probe order, the verdicts of the failed ones by probe id, the lines read
     * from the log and how many of them were pve-firewall's (a packet or a logger status line); {@code kafkaLost}
     * says why verdicts are missing when Kafka stopped answering during the run (null otherwise).
     */
    record Outcome(List<ProbeResult> results, Map<String, Verdict> verdicts, String rulesetVersion, long logLines,
            long firewallLines, String kafkaLost) {
    }

    private DoctorRun() {
    }

    /**
     * Runs it; {@code progress} gets short lines for a terminal (it may ignore them). Once {@code stop} is
     * raised, the probe commands still running are ended, no further probe starts and no verdict is waited for.
     */
    static Outcome run(Inputs in, Consumer<String> progress, ShutdownSignal stop) throws InterruptedException {
        TopicAdmin.ensure(in.bootstrapServers(), 1, KAFKA_TIMEOUT, in.namespace(), Topics.all());
        PublishedRuleset ruleset = PublishedRuleset.of(in.ruleset(), Clock.systemUTC().instant(),
                "doctor: " + in.configSource());
        try (RulesetPublisher publisher = new RulesetPublisher(in.bootstrapServers(), in.namespace(), KAFKA_TIMEOUT)) {
            publisher.publish(ruleset);
        }
        progress.accept("starting the correlator");
        CorrelationSettings settings = CorrelationSettings.defaults(in.namespace())
                .withAlerts(AlertPolicy.defaults().withMustWork(MustWorkFlows.of(in.plan())))
                .withVerdicts(new VerdictSettings(VerdictSettings.DEFAULT_WINDOW, in.grace()));
        StreamsSettings streams = new StreamsSettings(in.bootstrapServers(), "droptrace-" + in.namespace() + "-doctor",
                in.workDir().resolve("streams"), Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100));
        IngestCounters counters = new IngestCounters();
        try (StreamsRunner runner = new StreamsRunner(CorrelationTopology.build(settings), streams);
                EventPublisher events = new EventPublisher(in.bootstrapServers(), in.namespace(),
                        EventPublisher.waitForBroker());
                ProbeResultPublisher results = new ProbeResultPublisher(in.bootstrapServers(), in.namespace());
                VerdictReader verdicts = new VerdictReader(in.bootstrapServers(), in.namespace())) {
            runner.start(KAFKA_TIMEOUT);
            Tail tail = in.log() == null ? null : Tail.start(in, events, counters, stop);
            Thread stopper = ProbeStopper.start(stop);
            List<ProbeResult> done;
            try {
                done = probe(in, results, progress, stop);
                results.flush();
                Set<String> failed = done.stream().filter(r -> !r.passed())
                        .map(r -> Verdict.idOf(r.probeId(), r.time())).collect(Collectors.toSet());
                if (!failed.isEmpty()) {
                    progress.accept("waiting up to " + in.grace().toSeconds() + " s for late log lines and the verdicts");
                }
                Map<String, Verdict> byId = verdicts.await(failed, in.grace().plus(VERDICT_MARGIN), stop::stopRequested);
                Map<String, Verdict> byProbe = byId.values().stream()
                        .collect(Collectors.toMap(v -> v.probe().probeId(), v -> v, (a, b) -> b));
                IngestCounts read = counters.snapshot(null);
                List<String> unread = done.stream().filter(r -> !r.passed())
                        .filter(r -> !byId.containsKey(Verdict.idOf(r.probeId(), r.time()))).map(ProbeResult::probeId)
                        .toList();
                String lost = unread.isEmpty() || stop.stopRequested() ? null : kafkaLost(in, unread, stop);
                return new Outcome(done, byProbe, ruleset.version(), read.read(), read.parsed() + read.status(), lost);
            } finally {
                stopper.interrupt();
                if (tail != null) {
                    tail.stop();
                }
                events.flush();
            }
        }
    }

    /**
     * Why the verdicts of {@code unread} are missing when Kafka no longer answers (a cluster of --bootstrap-servers
     * stopped or cut off during the run): not the grace, which NO_VERDICT alone would suggest. Null when it answers.
     */
    private static String kafkaLost(Inputs in, List<String> unread, ShutdownSignal stop) {
        try {
            BrokerReadiness.await(in.bootstrapServers(), KafkaClientSettings.current(), STILL_THERE, stop::stopRequested);
            return null;
        } catch (BrokerReadiness.NotReady e) {
            return "Kafka at " + in.bootstrapServers() + " stopped answering during the run (" + e.reason()
                    + "): the verdicts of " + String.join(", ", unread) + " could not be read, so they show NO_VERDICT "
                    + "(not for want of --grace); run again once Kafka answers";
        } catch (KafkaException e) { // the --kafka-config truststore replaced during the run, say
            return "Kafka's client could no longer be made during the run (" + KafkaConnection.reasonOf(e)
                    + "): the verdicts of " + String.join(", ", unread) + " could not be read, so they show NO_VERDICT "
                    + "(not for want of --grace); run again once the client settings are right";
        }
    }

    /** Every probe once, concurrently within the configuration's bound; each result published as it comes. */
    private static List<ProbeResult> probe(Inputs in, ProbeResultPublisher publisher, Consumer<String> progress,
            ShutdownSignal stop) {
        ProbeExecutor executor = new ProbeExecutor(in.plan(), new CommandRunner(), Clock.systemUTC());
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        int total = in.probes().size();
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> {
            if (stop.stopRequested()) {
                return ProbeExecutor.result(p, Clock.systemUTC().instant(),
                        Finding.of(ProbeOutcome.ERROR, "not run: doctor was stopped"), 0);
            }
            progress.accept("probing " + started.incrementAndGet() + "/" + total + " " + p.id() + " ...");
            ProbeResult r = executor.run(p);
            publisher.accept(r);
            progress.accept("probed " + finished.incrementAndGet() + "/" + total + " " + p.id() + ": " + r.outcome()
                    + (r.passed() ? "" : " (failed)"));
            return r;
        }, in.plan().config().defaults().concurrency(), 0, Clock.systemUTC())) {
            return scheduler.runOnce(in.probes());
        }
    }

    /** The log follower on its thread, started at the end of the file and ready before any probe runs. */
    private record Tail(FileFollower follower, Thread thread) {

        static Tail start(Inputs in, EventPublisher publisher, IngestCounters counters, ShutdownSignal stop)
                throws InterruptedException {
            Path state = in.workDir().resolve("tail-position.json");
            FileFollower follower = new FileFollower(in.log(), state, new FirewallLineParser(SyslogYearAndZone.live()),
                    publisher, counters, in.bootstrapServers(), Duration.ofMillis(100), Clock.systemUTC(), true);
            Thread thread = new Thread(follower, "doctor-tail");
            thread.setDaemon(true);
            thread.start();
            // The start position is stored before the first line is read: from then on no probe line is missed.
            long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (!Files.exists(state) && !stop.stopRequested()) {
                if (!thread.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the follower of " + in.log() + " did not start"
                            + (follower.failure() == null ? "" : ": " + follower.failure().getMessage()));
                }
                thread.join(20);
            }
            return new Tail(follower, thread);
        }

        void stop() throws InterruptedException {
            follower.stop();
            thread.join(30_000);
        }
    }
}
