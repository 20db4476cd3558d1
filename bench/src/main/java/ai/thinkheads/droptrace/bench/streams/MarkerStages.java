package ai.thinkheads.droptrace.bench.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the time of a marker line goes ({@code TailAlertLatency --stages}): one
 * {@code read_uncommitted} consumer on the topics a marker passes through (firewall events as the
 * tail publishes them, the topology's repartition topic as sub-topology 0 produces into it, alerts
 * as the correlator produces them, before their transaction commits) notes the moment each marker
 * is first seen on each; the committed alert is the harness's own measurement. Markers are found
 * by the {@code ID=<n>} of their line, which every form of the event carries (JSON, binary, alert).
 */
final class MarkerStages {

    private static final Pattern ID = Pattern.compile(" ID=(\\d+) ");

    private final List<String> topics;
    private final List<Map<Long, Long>> seen = new ArrayList<>();

    MarkerStages(List<String> topics) {
        this.topics = List.copyOf(topics);
        topics.forEach(t -> seen.add(new ConcurrentHashMap<>()));
    }

    /** Reads the topics until {@code stop}, noting the {@link System#nanoTime()} each marker is first seen. */
    void consume(String servers, AtomicBoolean stop) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-tail-alert-stages",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (!stop.get()) {
                for (var record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    if (record.value() == null) {
                        continue;
                    }
                    Matcher m = ID.matcher(new String(record.value(), StandardCharsets.ISO_8859_1));
                    if (m.find()) {
                        seen.get(topics.indexOf(record.topic())).putIfAbsent(Long.parseLong(m.group(1)), now);
                    }
                }
            }
        }
    }

    /**
     * Prints each stage's latencies (from the previous stage) for the markers measured, and the
     * stage breakdown of every marker slower than {@code slowMillis}, with its write time in
     * seconds since {@code startNanos}.
     */
    void print(Map<Long, Long> writtenAt, Map<Long, Long> committedAt, long measuredFrom, long startNanos,
            long slowMillis) {
        List<String> names = new ArrayList<>(List.of("written"));
        topics.forEach(t -> names.add("seen on " + t));
        names.add("alert committed");
        int stages = names.size();
        List<List<Long>> steps = new ArrayList<>();
        for (int i = 1; i < stages; i++) {
            steps.add(new ArrayList<>());
        }
        List<String> slow = new ArrayList<>();
        writtenAt.keySet().stream().filter(id -> id >= measuredFrom).sorted().forEach(id -> {
            long[] at = new long[stages];
            at[0] = writtenAt.get(id);
            for (int i = 0; i < topics.size(); i++) {
                at[i + 1] = seen.get(i).getOrDefault(id, -1L);
            }
            at[stages - 1] = committedAt.getOrDefault(id, -1L);
            StringBuilder b = new StringBuilder();
            for (int i = 1; i < stages; i++) {
                long step = at[i] < 0 || at[i - 1] < 0 ? -1 : (at[i] - at[i - 1]) / 1_000_000;
                if (step >= 0) {
                    steps.get(i - 1).add(step);
                }
                b.append(String.format(Locale.ROOT, " +%d", step));
            }
            long total = at[stages - 1] < 0 ? -1 : (at[stages - 1] - at[0]) / 1_000_000;
            if (total < 0 || total > slowMillis) {
                slow.add(String.format(Locale.ROOT, "  marker %d written at %.2f s: total %d ms, stages (ms)%s",
                        id, (at[0] - startNanos) / 1e9, total, b));
            }
        });
        System.out.printf(Locale.ROOT, "%nStages (read_uncommitted consumer; each from the stage before):%n");
        System.out.printf(Locale.ROOT, "| stage | markers | p50 | p99 | max |%n|---|---|---|---|---|%n");
        for (int i = 1; i < stages; i++) {
            System.out.println(new Latencies(steps.get(i - 1).stream().mapToLong(Long::longValue).toArray())
                    .line(names.get(i - 1) + " -> " + names.get(i)));
        }
        System.out.printf(Locale.ROOT, "%d markers slower than %d ms (or never read):%n", slow.size(), slowMillis);
        slow.forEach(System.out::println);
        printTimeline(writtenAt, committedAt, startNanos);
    }

    /** Per second of the run (warm-up included): the slowest marker written in it and its stages. */
    private void printTimeline(Map<Long, Long> writtenAt, Map<Long, Long> committedAt, long startNanos) {
        Map<Long, String> worst = new java.util.TreeMap<>();
        Map<Long, Long> worstTotal = new java.util.HashMap<>();
        writtenAt.forEach((id, at) -> {
            long second = (at - startNanos) / 1_000_000_000L;
            Long done = committedAt.get(id);
            long total = done == null ? Long.MAX_VALUE : (done - at) / 1_000_000;
            if (total >= worstTotal.getOrDefault(second, -1L)) {
                worstTotal.put(second, total);
                StringBuilder b = new StringBuilder();
                long previous = at;
                for (Map<Long, Long> stage : seen) {
                    Long t = stage.get(id);
                    b.append(t == null ? " +?" : String.format(Locale.ROOT, " +%d", (t - previous) / 1_000_000));
                    previous = t == null ? previous : t;
                }
                b.append(done == null ? " +?" : String.format(Locale.ROOT, " +%d", (done - previous) / 1_000_000));
                worst.put(second, String.format(Locale.ROOT, "  s %2d: slowest %d ms:%s", second,
                        total == Long.MAX_VALUE ? -1 : total, b));
            }
        });
        System.out.printf(Locale.ROOT, "Timeline (slowest marker per second, stages as above):%n");
        worst.values().forEach(System.out::println);
    }
}
