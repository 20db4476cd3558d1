package ai.thinkheads.droptrace.bench.streams;

import ai.thinkheads.droptrace.bench.BenchWorkDir;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.ruleset.RulesetPublisher;
import ai.thinkheads.droptrace.streams.runner.ProcessingGuarantee;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.verdict.VerdictSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Probe result to verdict latency on a live namespace: wall-clock time from sending a failed probe
 * result to Kafka until its verdict is readable (committed) on the verdicts topic. Two kinds of
 * failure, sent alternately every {@code --every} ms: one that nothing explains (decided when its
 * grace ends, as the goal "within grace + 1 s" is about) and one whose drop was logged just before
 * (decided when stream time passes its window). A background load of live firewall events
 * ({@code --rate} per second, other pairs) keeps stream time moving in every partition, as a real
 * host's log does. Same embedded broker, {@code exactly_once_v2} by default (commit interval 100 ms).
 *
 * <pre>bench/run main streams.VerdictLatency [--seconds N] [--window 2s] [--grace 5s] [--rate N]
 *     [--every MS] [--guarantee exactly_once_v2|at_least_once] [--config-dir DIR]</pre>
 */
public final class VerdictLatency {

    private static final FlowKey UNEXPLAINED = new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 8443);
    private static final FlowKey EXPLAINED = new FlowKey("10.0.0.153", "10.0.0.10", "tcp", 9000);

    private VerdictLatency() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(arg(args, "--seconds", "60"));
        Duration window = Duration.ofSeconds(Long.parseLong(arg(args, "--window", "2s").replace("s", "")));
        Duration grace = Duration.ofSeconds(Long.parseLong(arg(args, "--grace", "5s").replace("s", "")));
        int rate = Integer.parseInt(arg(args, "--rate", "1000"));
        int every = Integer.parseInt(arg(args, "--every", "250"));
        ProcessingGuarantee guarantee = ProcessingGuarantee.valueOf(arg(args, "--guarantee", "exactly_once_v2")
                .toUpperCase(Locale.ROOT));
        Path configDir = Path.of(arg(args, "--config-dir", "deploy/examples/firewall/phoenix"));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            String servers = broker.bootstrapServers();
            Namespace ns = Namespace.LIVE;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                new TopicAdmin(admin, 3, (short) 1, Duration.ofSeconds(30)).ensure(ns, Topics.all());
            }
            try (RulesetPublisher publisher = new RulesetPublisher(servers, ns, Duration.ofSeconds(30))) {
                publisher.publish(PublishedRuleset.of(ConfigDirectoryReader.read(configDir, ReadOptions.defaults()),
                        Instant.now(), configDir.toString()));
            }
            CorrelationSettings settings = CorrelationSettings.defaults(ns)
                    .withVerdicts(new VerdictSettings(window, grace));
            try (BenchWorkDir state = BenchWorkDir.create("droptrace-bench-verdicts-")) { // the state stores: deleted at the end
                StreamsSettings streams = new StreamsSettings(servers, "bench-verdict-latency", state.path(), guarantee,
                        null, 0, Map.of());
                try (StreamsRunner runner = new StreamsRunner(CorrelationTopology.build(settings), streams)) {
                    runner.start(Duration.ofMinutes(2));
                    measure(servers, ns, seconds, rate, every, window, grace, guarantee);
                }
            }
        }
    }

    private static void measure(String servers, Namespace ns, int seconds, int rate, int every, Duration window,
            Duration grace, ProcessingGuarantee guarantee) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, String> kindOf = new ConcurrentHashMap<>();
        List<long[]> received = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(servers, ns, sentAt, received, stop), "verdict-consumer");
        consumer.start();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (var events = new KafkaProducer<>(config, Topics.FIREWALL_EVENTS.keySerde().serializer(),
                Topics.FIREWALL_EVENTS.valueSerde().serializer());
                var probes = new KafkaProducer<>(config, Topics.PROBE_RESULTS.keySerde().serializer(),
                        Topics.PROBE_RESULTS.valueSerde().serializer())) {
            String eventsTopic = Topics.FIREWALL_EVENTS.name(ns);
            String probesTopic = Topics.PROBE_RESULTS.name(ns);
            int perTick = Math.max(1, rate * every / 1000);
            long seed = 1;
            int n = 0;
            while (System.nanoTime() < end) {
                long tick = System.nanoTime();
                Instant now = Instant.now();
                EventMix mix = new EventMix(perTick, 200, now.minusMillis(every), Duration.ofMillis(every), seed++);
                for (int i = 0; i < perTick; i++) {
                    FirewallEvent e = mix.next();
                    events.send(new ProducerRecord<>(eventsTopic, null, e.time().toEpochMilli(), e.flow(), e));
                }
                boolean explained = n++ % 2 == 1;
                FlowKey flow = explained ? EXPLAINED : UNEXPLAINED;
                if (explained) {
                    FirewallEvent drop = EventMix.drop(flow, now);
                    events.send(new ProducerRecord<>(eventsTopic, null, now.toEpochMilli(), drop.flow(), drop)).get();
                }
                ProbeResult r = new ProbeResult(ProbeResult.SCHEMA_VERSION, explained ? "lat-logged" : "lat-silent",
                        ProbeKind.TCP, now, "bench", null, flow.destination(), flow.source(), flow.destination(),
                        flow.protocol(), flow.port(), ProbeOutcome.TIMEOUT, false, null, 1000, "no answer", Map.of());
                String id = Verdict.idOf(r.probeId(), r.time());
                if (tick > warmupEnd) {
                    kindOf.put(id, explained ? "logged" : "silent");
                }
                sentAt.put(id, System.nanoTime());
                probes.send(new ProducerRecord<>(probesTopic, null, now.toEpochMilli(), r.flow(), r)).get();
                long sleep = every - (System.nanoTime() - tick) / 1_000_000;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }
        Thread.sleep(grace.plusSeconds(5).toMillis());
        stop.set(true);
        consumer.join(30_000);
        List<Long> silent = new ArrayList<>();
        List<Long> logged = new ArrayList<>();
        synchronized (received) {
            for (long[] r : received) {
                String kind = kindOf.get(keyOf(r));
                if ("silent".equals(kind)) {
                    silent.add(r[1]);
                } else if ("logged".equals(kind)) {
                    logged.add(r[1]);
                }
            }
        }
        long measured = kindOf.size();
        System.out.printf(Locale.ROOT, "%n%d s, window %d s, grace %d s, %d events/s background, a failed probe every "
                + "%d ms, %s; %d measured probes, %d verdicts received%n", seconds, window.toSeconds(),
                grace.toSeconds(), rate, every, guarantee.config(), measured, silent.size() + logged.size());
        System.out.printf(Locale.ROOT, "| failure | verdicts | p50 | p99 | max |%n|---|---|---|---|---|%n");
        System.out.println(new Latencies(silent.stream().mapToLong(Long::longValue).toArray())
                .line("nothing logged (BLOCKED_PREDICTED, waits the grace)"));
        System.out.println(new Latencies(logged.stream().mapToLong(Long::longValue).toArray())
                .line("drop logged (BLOCKED_LOGGED, waits its window)"));
        System.out.printf(Locale.ROOT, "goal: within grace + 1 s = %d ms%n", grace.plusSeconds(1).toMillis());
    }

    private static final Map<Integer, String> IDS = new ConcurrentHashMap<>();

    private static String keyOf(long[] r) {
        return IDS.get((int) r[0]);
    }

    private static void consume(String servers, Namespace ns, Map<String, Long> sentAt, List<long[]> received,
            AtomicBoolean stop) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-verdict-latency-reader",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, Topics.VERDICTS.keySerde().deserializer(),
                Topics.VERDICTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.VERDICTS.name(ns)));
            int seq = 0;
            while (!stop.get()) {
                for (var record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Verdict v = record.value();
                    Long sent = v == null ? null : sentAt.get(v.id());
                    if (sent != null) {
                        IDS.put(seq, v.id());
                        received.add(new long[] {seq++, (now - sent) / 1_000_000});
                    }
                }
            }
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
