package ai.thinkheads.droptrace.bench.streams;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.streams.ruleset.RulesetPublisher;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.runner.ProcessingGuarantee;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.Topology;

/**
 * Throughput of the correlation topology against the trivial windowed count over the same input,
 * same broker, same processing guarantee, same run. Firewall events are produced once; then each
 * topology, under a fresh application id, consumes all of them at full speed. A run's time is from
 * RUNNING to "caught up" (every input and repartition record committed); its CPU time is that of the
 * application's own threads (not the broker's), a figure less at the mercy of a shared machine.
 * Rounds alternate the order (count first, then correlation first) to cancel drift.
 *
 * <p>With verdicts in (issue 6, part 2): a ruleset is published first (the Phoenix example by
 * default, so the tracer names the writer of every line), and one failed probe result per
 * {@code --probe-every} events is produced on the mix's flows, so the correlation topology also keeps
 * evidence, waits and decides verdicts. The peer reads the events only.
 *
 * <pre>bench/run main streams.CorrelationThroughput [--events N] [--pairs N] [--rounds N]
 *     [--guarantee exactly_once_v2|at_least_once] [--bootstrap HOST:PORT] [--config-dir DIR]
 *     [--probe-every N (0: none)] [--no-ruleset]</pre>
 */
public final class CorrelationThroughput {

    private static final Instant START = Instant.parse("2025-11-20T09:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /** Further Streams properties for both topologies ({@code -Ddroptrace.bench.streams=key=value,...}). */
    private static final Map<String, Object> EXTRA = extra(System.getProperty("droptrace.bench.streams", ""));

    private CorrelationThroughput() {
    }

    /** One measured run: wall time from RUNNING to caught up, and CPU time of the application's own threads. */
    record Run(String topology, int round, long events, double seconds, double cpuSeconds) {
        double perSecond() {
            return events / seconds;
        }

        double perCpuSecond() {
            return events / cpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 300_000);
        int pairs = intArg(args, "--pairs", 500);
        int rounds = intArg(args, "--rounds", 2);
        ProcessingGuarantee guarantee = ProcessingGuarantee.valueOf(
                arg(args, "--guarantee", "exactly_once_v2").toUpperCase(Locale.ROOT));
        String bootstrap = arg(args, "--bootstrap", null);
        EmbeddedKafkaBroker broker = bootstrap == null ? EmbeddedKafkaBroker.startTemporary() : null;
        try {
            String servers = broker != null ? broker.bootstrapServers() : bootstrap;
            Namespace ns = Namespace.of("bench-" + System.currentTimeMillis());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                new TopicAdmin(admin, 3, (short) 1, Duration.ofSeconds(30)).ensure(ns, Topics.all());
            }
            produce(servers, ns, events, pairs);
            Path configDir = Path.of(arg(args, "--config-dir", "deploy/examples/firewall/phoenix"));
            PublishedRuleset ruleset = PublishedRuleset.of(ConfigDirectoryReader.read(configDir, ReadOptions.defaults()),
                    Instant.now(), configDir.toString());
            if (!List.of(args).contains("--no-ruleset")) {
                try (RulesetPublisher publisher = new RulesetPublisher(servers, ns, Duration.ofSeconds(30))) {
                    publisher.publish(ruleset);
                }
            }
            int probeEvery = intArg(args, "--probe-every", 200);
            int probes = probeEvery <= 0 ? 0 : produceProbes(servers, ns, events / probeEvery);
            CorrelationSettings settings = CorrelationSettings.defaults(ns).withAlerts(
                    AlertPolicy.defaults().withMustWork(new HashSet<>(EventMix.someFlows(20))));
            List<Run> runs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Supplier<Run> count = runOf("windowed-count", round, () -> WindowedCountTopology.build(ns), servers,
                        List.of(Topics.FIREWALL_EVENTS.name(ns)), events, guarantee);
                Supplier<Run> correlate = runOf("correlation", round, () -> CorrelationTopology.build(settings),
                        servers, List.of(Topics.FIREWALL_EVENTS.name(ns), Topics.PROBE_RESULTS.name(ns)), events,
                        guarantee);
                if (round % 2 == 1) {
                    runs.add(count.get());
                    runs.add(correlate.get());
                } else {
                    runs.add(correlate.get());
                    runs.add(count.get());
                }
            }
            report(runs, events, pairs, guarantee);
            System.out.printf(Locale.ROOT, "%d failed probe results in the input; %d verdicts on %s over all "
                    + "correlation rounds; ruleset %s%n", probes, verdicts(servers, ns),
                    Topics.VERDICTS.name(ns), ruleset.version());
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static Supplier<Run> runOf(String name, int round, Supplier<Topology> topology, String servers,
            List<String> inputs, long events, ProcessingGuarantee guarantee) {
        return () -> {
            Path state = tempDir();
            String appId = "bench-" + name + "-" + round + "-" + System.nanoTime();
            StreamsSettings settings = new StreamsSettings(servers, appId, state, guarantee, null, 0, EXTRA);
            Run run;
            try (StreamsRunner runner = new StreamsRunner(topology.get(), settings)) {
                runner.start(Duration.ofMinutes(2));
                long cpu0 = cpuNanos(appId);
                long t0 = System.nanoTime();
                runner.awaitCaughtUp(inputs, TIMEOUT);
                run = new Run(name, round, events, (System.nanoTime() - t0) / 1e9, (cpuNanos(appId) - cpu0) / 1e9);
            }
            deleteTree(state);
            System.out.printf(Locale.ROOT, "round %d  %-15s %8.1f s  %9.0f events/s  %6.1f cpu-s  %9.0f events/cpu-s%n",
                    round, name, run.seconds(), run.perSecond(), run.cpuSeconds(), run.perCpuSecond());
            return run;
        };
    }

    /**
     * CPU time of the application's own threads (stream thread, its producer and consumer threads
     * are named after the application id); the broker's threads are not counted.
     */
    private static long cpuNanos(String appId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(appId)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static void produce(String servers, Namespace ns, int count, int pairs) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 131_072, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        EventMix mix = new EventMix(count, pairs, START, Duration.ofHours(2), 42);
        long t0 = System.nanoTime();
        try (var producer = new KafkaProducer<>(config, Topics.FIREWALL_EVENTS.keySerde().serializer(),
                Topics.FIREWALL_EVENTS.valueSerde().serializer())) {
            String topic = Topics.FIREWALL_EVENTS.name(ns);
            for (int i = 0; i < count; i++) {
                FirewallEvent e = mix.next();
                producer.send(new ProducerRecord<FlowKey, FirewallEvent>(topic, null, e.time().toEpochMilli(), e.flow(), e));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "produced %d events over %d pairs in %.1f s%n", count, pairs,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Failed probe results on the mix's flows, spread over its two hours, all explained or predicted. */
    private static int produceProbes(String servers, Namespace ns, int count) {
        List<FlowKey> flows = EventMix.someFlows(20);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10);
        try (var producer = new KafkaProducer<>(config, Topics.PROBE_RESULTS.keySerde().serializer(),
                Topics.PROBE_RESULTS.valueSerde().serializer())) {
            String topic = Topics.PROBE_RESULTS.name(ns);
            long step = Duration.ofHours(2).toMillis() / Math.max(1, count);
            for (int i = 0; i < count; i++) {
                FlowKey f = flows.get(i % flows.size());
                Instant time = START.plusMillis(step * i);
                ProbeResult r = new ProbeResult(ProbeResult.SCHEMA_VERSION, "bench-" + (i % flows.size()), ProbeKind.TCP,
                        time, "bench", null, f.destination(), f.source(), f.destination(), f.protocol(), f.port(),
                        ProbeOutcome.TIMEOUT, false, null, 5000, "no answer", Map.of());
                producer.send(new ProducerRecord<>(topic, null, time.toEpochMilli(), r.flow(), r));
            }
            producer.flush();
        }
        return count;
    }

    /** Committed verdicts on the topic (all rounds write to the same namespace). */
    private static long verdicts(String servers, Namespace ns) {
        try (var feed = ai.thinkheads.droptrace.streams.service.TopicFeed.open(servers, ns, Topics.VERDICTS, null)) {
            return feed == null ? 0 : feed.readToEnd(Duration.ofMinutes(2)).size();
        }
    }

    private static void report(List<Run> runs, int events, int pairs, ProcessingGuarantee guarantee) {
        double count = median(runs, "windowed-count", Run::perSecond);
        double correlate = median(runs, "correlation", Run::perSecond);
        double countCpu = median(runs, "windowed-count", Run::perCpuSecond);
        double correlateCpu = median(runs, "correlation", Run::perCpuSecond);
        System.out.printf(Locale.ROOT, "%n%d events, %d pairs, %s, one stream thread each%n", events, pairs,
                guarantee.config());
        System.out.printf(Locale.ROOT, "| topology | median events/s | median events per CPU-second |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| trivial windowed count (peer) | %.0f | %.0f |%n", count, countCpu);
        System.out.printf(Locale.ROOT, "| correlation topology | %.0f | %.0f |%n", correlate, correlateCpu);
        System.out.printf(Locale.ROOT, "ratio correlation / windowed count: %.2f (wall), %.2f (CPU)%n",
                correlate / count, correlateCpu / countCpu);
    }

    private static double median(List<Run> runs, String topology, ToDoubleFunction<Run> metric) {
        double[] rates = runs.stream().filter(r -> r.topology().equals(topology)).mapToDouble(metric)
                .sorted().toArray();
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("droptrace-bench-streams-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> extra(String text) {
        Map<String, Object> props = new java.util.HashMap<>();
        for (String kv : text.split(",")) {
            if (kv.contains("=")) {
                props.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        return Map.copyOf(props);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, String.valueOf(fallback)));
    }
}
