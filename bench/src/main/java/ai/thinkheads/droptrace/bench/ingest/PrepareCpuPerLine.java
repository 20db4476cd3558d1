package ai.thinkheads.droptrace.bench.ingest;

import ai.thinkheads.droptrace.bench.BenchWorkDir;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What replay's worker threads do, without Kafka: real-shaped lines cut into {@link LineBlock}s as
 * replay cuts them, then decoded, parsed and serialised ({@link EventPublisher#prepare}) by N
 * threads taking every N-th block, as replay's workers do. Prints the CPU time per line of the
 * workers (from {@code ThreadMXBean}) per round; nothing is sent (the publisher's producer points
 * at a closed loopback port and is never used).
 *
 * <pre>bench/run main ingest.PrepareCpuPerLine [LINES] [THREADS] [ROUNDS]</pre>
 */
public final class PrepareCpuPerLine {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 250_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (BenchWorkDir dir = BenchWorkDir.create("droptrace-prepare-bench-")) {
            Path input = dir.path().resolve("pve-firewall.log");
            RealShapedLines.write(input, lines, 11);
            List<LineBlock> blocks = blocks(input);
            run(blocks, threads, rounds);
        }
    }

    private static List<LineBlock> blocks(Path input) throws Exception {
        List<LineBlock> blocks = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16)) {
            LineBlockReader reader = new LineBlockReader(in, 128 * 1024, 2048);
            for (LineBlock block = reader.next(); block != null; block = reader.next()) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static void run(List<LineBlock> blocks, int threads, int rounds) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FirewallLineParser parser = new FirewallLineParser(SyslogYearAndZone.of(2025, ZoneOffset.UTC, Instant.EPOCH));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (EventPublisher publisher = new EventPublisher("127.0.0.1:9", Namespace.of("bench"), Map.of())) {
            Instant received = Instant.now();
            for (int round = 1; round <= rounds; round++) {
                List<Future<long[]>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    results.add(pool.submit(() -> {
                        long cpu = mx.getCurrentThreadCpuTime();
                        long count = 0;
                        long bytes = 0;
                        for (int b = first; b < blocks.size(); b += threads) {
                            LineBlock block = blocks.get(b);
                            for (int k = 0; k < block.count(); k++) {
                                boolean plain = block.plain(k);
                                String line = block.text(k, plain);
                                Origin origin = Origin.of("/var/log/pve-firewall.log", block.lineNumber(k));
                                ParseResult result = parser.parse(line, origin, received);
                                bytes += publisher.prepare(result, line, plain ? line : null, origin, received).value().length;
                                count++;
                            }
                        }
                        return new long[] {count, mx.getCurrentThreadCpuTime() - cpu, bytes};
                    }));
                }
                long count = 0;
                long cpu = 0;
                long bytes = 0;
                for (Future<long[]> result : results) {
                    long[] r = result.get();
                    count += r[0];
                    cpu += r[1];
                    bytes += r[2];
                }
                System.out.printf("round %d: %,d lines on %d thread(s), %,.0f ns CPU per line, %,d bytes of JSON (load average %s)%n",
                        round, count, threads, (double) cpu / count, bytes, CpuTimes.loadAverage());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
