package ai.thinkheads.droptrace.bench.ingest;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread parse of firewall lines forwarded through syslog: RFC 5424 messages from a
 * Proxmox host, half of them kernel netfilter LOG lines (the packet fields of
 * {@link RealShapedLines}), half pve-firewall.log lines carried whole. Score: lines per second.
 * There is no peer for this shape in the issue; run it with an older droptrace-ingest jar first on
 * the classpath to compare code versions in one session (docs/benchmarks.md).
 *
 * <pre>java -cp 'bench/target/classes:bench/target/lib/*' org.openjdk.jmh.Main SyslogLineBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Xms2g", "-XX:+UseSerialGC"})
public class SyslogLineBenchmark {

    static final int SIZE = 600_000;

    private List<String> lines;
    private FirewallLineParser parser;
    private final Origin origin = Origin.of("bench", 1);

    @Setup(Level.Trial)
    public void setUp() {
        lines = new ArrayList<>();
        for (String pve : RealShapedLines.generate(SIZE / 2 + SIZE / 20, 42)) {
            int fields = pve.indexOf("IN=") >= 0 ? pve.indexOf("IN=") : pve.indexOf("OUT=");
            if (lines.size() == SIZE) {
                break;
            }
            if (fields < 0) {
                continue; // a logger status line: no packet fields to forward as a kernel line
            }
            lines.add("<4>1 2025-03-01T00:00:00.123+01:00 pve1 kernel - - - " + pve.substring(fields));
            lines.add("<30>1 2025-03-01T00:00:00.123+01:00 pve1 pve-firewall - - - " + pve);
        }
        if (lines.size() != SIZE) {
            throw new IllegalStateException("made " + lines.size() + " lines, not " + SIZE);
        }
        parser = new FirewallLineParser(SyslogYearAndZone.of(2025, ZoneOffset.UTC, Instant.EPOCH));
        long parsed = lines.stream().filter(l -> parser.parse(l, origin) instanceof ParseResult.Parsed).count();
        System.out.printf("%nsyslog lines: %d, parsed to events: %d%n", lines.size(), parsed);
    }

    @Benchmark
    @OperationsPerInvocation(SIZE)
    public void droptrace(Blackhole bh) {
        for (String line : lines) {
            bh.consume(parser.parse(line, origin));
        }
    }
}
