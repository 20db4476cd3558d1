package ai.thinkheads.droptrace.bench.streams;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.runner.ProcessingGuarantee;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Latency from a log line written to its file to the alert on the {@code alerts} topic, through
 * the whole pipeline: the ingest tail ({@code FileFollower}, durable position) → Kafka → the
 * correlation topology on Kafka Streams → {@code alerts}, read committed. A writer appends
 * pve-firewall lines at {@code --rate} lines/s (drops and accepts over 500 pairs); ten times a
 * second one of them is a drop on a must-work flow (cooldown 0, so each raises an alert) carrying
 * its sequence number in the IP id; the latency of that line is from its write (flushed to the
 * file) to the moment the consumer reads its alert. Same embedded broker, {@code exactly_once_v2}
 * by default; {@code --commit-ms} sets the Streams commit interval (100 ms is the default under
 * exactly-once) and {@code --poll-ms} the tail's polling interval.
 *
 * <p>{@code --warmup} (10 s by default) is how long the markers are left out of the measured
 * figures: the pipeline starts cold in one JVM, and its first seconds (the JIT compiling, a
 * backlog forming and draining) are reported on a line of their own.
 *
 * <pre>bench/run main streams.TailAlertLatency [--rate 5000] [--seconds 60] [--warmup 10] [--poll-ms 200]
 *     [--commit-ms 100] [--threads 1] [--guarantee exactly_once_v2|at_least_once] [--stages true]
 *     [--config key=value,...]</pre>
 *
 * <p>{@code --stages true} also reads the topics a marker passes through uncommitted and prints
 * where each marker's time went ({@link MarkerStages}), and every marker slower than 1 s;
 * {@code --config} adds Streams properties (e.g. {@code producer.linger.ms=5}) for experiments.
 */
public final class TailAlertLatency {

    private static final FlowKey MUST_WORK = new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 8443);
    private static final Pattern ID = Pattern.compile(" ID=(\\d+) ");
    private static final DateTimeFormatter PVE_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private TailAlertLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.parseInt(arg(args, "--rate", "5000"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "60"));
        int warmupSeconds = Integer.parseInt(arg(args, "--warmup", "10"));
        long pollMs = Long.parseLong(arg(args, "--poll-ms", "200"));
        int commitMs = Integer.parseInt(arg(args, "--commit-ms", "100"));
        int threads = Integer.parseInt(arg(args, "--threads", "1"));
        ProcessingGuarantee guarantee = ProcessingGuarantee.valueOf(arg(args, "--guarantee", "exactly_once_v2")
                .toUpperCase(Locale.ROOT));
        boolean stages = Boolean.parseBoolean(arg(args, "--stages", "false"));
        Path work = Files.createTempDirectory("droptrace-bench-tail-");
        Path log = work.resolve("pve-firewall.log");
        Files.createFile(log);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            String servers = broker.bootstrapServers();
            Namespace ns = Namespace.LIVE;
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                new TopicAdmin(admin, 3, (short) 1, Duration.ofSeconds(30)).ensure(ns, Topics.all());
            }
            CorrelationSettings settings = CorrelationSettings.defaults(ns).withAlerts(AlertPolicy.defaults()
                    .withMustWork(Set.of(MUST_WORK)).withCooldown(Duration.ZERO));
            StreamsSettings streams = new StreamsSettings(servers, "bench-tail-alert", work.resolve("streams"),
                    guarantee, null, 0, streamsConfig(commitMs, threads, arg(args, "--config", "")));
            try (StreamsRunner runner = new StreamsRunner(CorrelationTopology.build(settings), streams);
                    EventPublisher publisher = new EventPublisher(servers, ns, Map.of())) {
                runner.start(Duration.ofMinutes(2));
                FileFollower follower = new FileFollower(log, work.resolve("tail.json"),
                        new FirewallLineParser(SyslogYearAndZone.of(null, ZoneOffset.UTC, Instant.now())), publisher,
                        new IngestCounters(), servers, Duration.ofMillis(pollMs), Clock.systemUTC());
                Thread tail = new Thread(follower, "tail");
                tail.start();
                System.out.printf(Locale.ROOT, "%d stream thread(s)%n", threads);
                MarkerStages stageTimes = stages ? new MarkerStages(List.of(Topics.FIREWALL_EVENTS.name(ns),
                        "bench-tail-alert-events-by-pair-repartition", Topics.ALERTS.name(ns))) : null;
                measure(servers, ns, log, rate, seconds, warmupSeconds, pollMs, commitMs, guarantee, stageTimes);
                follower.stop();
                tail.join(30_000);
            }
        } finally {
            deleteTree(work); // the log, the tail's position and the state stores: about 120 MB a run
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void measure(String servers, Namespace ns, Path log, int rate, int seconds, int warmupSeconds, long pollMs,
            int commitMs, ProcessingGuarantee guarantee, MarkerStages stages) throws Exception {
        Map<Long, Long> writtenAt = new ConcurrentHashMap<>();
        Map<Long, Long> latency = new ConcurrentHashMap<>();
        Map<Long, Long> committedAt = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumer = new Thread(() -> consume(servers, ns, writtenAt, latency, committedAt, stop),
                "alert-consumer");
        consumer.start();
        Thread stageReader = stages == null ? null : new Thread(() -> stages.consume(servers, stop), "stage-consumer");
        if (stageReader != null) {
            stageReader.start();
        }
        long start = System.nanoTime();
        CpuTimeline cpu = new CpuTimeline();
        Thread cpuSampler = stages == null ? null : new Thread(() -> cpu.sample(stop, start), "cpu-sampler");
        if (cpuSampler != null) {
            cpuSampler.start();
        }
        System.out.printf(Locale.ROOT, "writing from %s%n", Instant.now());
        long warmupEnd = start + Duration.ofSeconds(warmupSeconds).toNanos();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long written = 0;
        long markers = 0;
        long measuredFrom = Long.MAX_VALUE;
        int tickMs = 10;
        int perTick = rate * tickMs / 1000;
        try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.APPEND)) {
            long tick = 0;
            while (System.nanoTime() < end) {
                long due = start + tick * tickMs * 1_000_000L;
                long wait = (due - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                Instant now = Instant.now();
                boolean marker = tick % 10 == 0;
                for (int i = 0; i < perTick; i++) {
                    written++;
                    if (marker && i == 0) {
                        out.write(line(MUST_WORK.source(), MUST_WORK.destination(), MUST_WORK.port(), "policy DROP", now,
                                written));
                    } else {
                        int pair = (int) (written % 500);
                        out.write(line("10.1." + pair / 200 + "." + (pair % 200 + 1), "10.0.0." + (10 + pair % 12),
                                9000 + pair % 30, written % 5 == 0 ? "ACCEPT" : "policy DROP", now, written));
                    }
                }
                out.flush();
                if (marker) {
                    long id = written - perTick + 1;
                    writtenAt.put(id, System.nanoTime());
                    if (System.nanoTime() > warmupEnd) {
                        markers++;
                        measuredFrom = Math.min(measuredFrom, id);
                    }
                }
                tick++;
            }
        }
        double achieved = written / ((System.nanoTime() - start) / 1e9);
        Thread.sleep(10_000);
        stop.set(true);
        consumer.join(30_000);
        if (stageReader != null) {
            stageReader.join(30_000);
            cpuSampler.join(30_000);
        }
        List<Long> measured = new ArrayList<>();
        List<Long> warmup = new ArrayList<>();
        for (var e : latency.entrySet()) {
            (e.getKey() >= measuredFrom ? measured : warmup).add(e.getValue());
        }
        System.out.printf(Locale.ROOT, "%n%d lines written in %d s (%.0f lines/s achieved), tail poll %d ms, commit "
                + "interval %d ms, %s; %d marker lines after a %d s warm-up, %d of their alerts read%n", written,
                seconds, achieved, pollMs, commitMs, guarantee.config(), markers, warmupSeconds, measured.size());
        System.out.printf(Locale.ROOT, "| path | alerts | p50 | p99 | max |%n|---|---|---|---|---|%n");
        System.out.println(new Latencies(measured.stream().mapToLong(Long::longValue).toArray())
                .line("line written -> alert committed on alerts"));
        if (!warmup.isEmpty()) {
            System.out.println(new Latencies(warmup.stream().mapToLong(Long::longValue).toArray())
                    .line("the same, markers of the first " + warmupSeconds + " s (cold start, not in the line above)"));
        }
        if (stages != null) {
            stages.print(writtenAt, committedAt, measuredFrom, start, 1000);
            cpu.print();
        }
    }

    private static String line(String src, String dst, int port, String message, Instant time, long id) {
        return "102 6 veth102i0-IN " + PVE_TIME.format(time) + " +0000 " + message + ": IN=fwbr102i0 OUT=fwbr102i0 "
                + "PHYSIN=fwln102i0 PHYSOUT=veth102i0 MAC=bc:24:11:0c:10:02:52:54:00:67:89:b3:08:00 SRC=" + src
                + " DST=" + dst + " LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=" + id + " DF PROTO=TCP SPT="
                + (40000 + id % 20000) + " DPT=" + port + " SEQ=3120094471 ACK=0 WINDOW=64240 SYN \n";
    }

    private static void consume(String servers, Namespace ns, Map<Long, Long> writtenAt, Map<Long, Long> latency,
            Map<Long, Long> committedAt, AtomicBoolean stop) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-tail-alert-reader",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS.name(ns)));
            while (!stop.get()) {
                for (var record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Alert alert = record.value();
                    if (alert == null || alert.line() == null) {
                        continue;
                    }
                    Matcher m = ID.matcher(alert.line());
                    if (m.find()) {
                        Long at = writtenAt.get(Long.parseLong(m.group(1)));
                        if (at != null) {
                            latency.put(Long.parseLong(m.group(1)), (now - at) / 1_000_000);
                            committedAt.putIfAbsent(Long.parseLong(m.group(1)), now);
                        }
                    }
                }
            }
        }
    }

    /** The commit interval, the thread count and any {@code key=value,...} of {@code --config} (experiments). */
    private static Map<String, Object> streamsConfig(int commitMs, int threads, String extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads));
        for (String pair : extra.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                config.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        if (!extra.isBlank()) {
            System.out.printf(Locale.ROOT, "Streams configuration added: %s%n", extra);
        }
        return config;
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
