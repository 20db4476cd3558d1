package ai.thinkheads.droptrace.bench.ingest;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Single-thread parse of the same 1M real-shaped pve-firewall lines by droptrace's parser, a
 * java.util.regex named-group parser and java-grok, in one JMH run, on the collector droptrace runs
 * with (serial). Score: lines per second.
 *
 * <pre>bench/run jmh ParserBenchmark -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
// The collector droptrace's launcher runs with (bin/droptrace: -XX:+UseSerialGC), for all three parsers alike;
// with JDK 17's default G1 every parser pays G1's write barriers (run with -jvmArgsAppend -XX:+UseG1GC to compare).
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-Xms3g", "-XX:+UseSerialGC"})
public class ParserBenchmark {

    static final int LINES = 1_000_000;

    private List<String> lines;
    private FirewallLineParser droptrace;
    private RegexPveParser regex;
    private GrokPveParser grok;
    private final Origin origin = Origin.of("bench", 1);

    @Setup(Level.Trial)
    public void setUp() {
        lines = RealShapedLines.generate(LINES, 42);
        droptrace = new FirewallLineParser(SyslogYearAndZone.of(2025, ZoneOffset.UTC, Instant.EPOCH));
        regex = new RegexPveParser();
        grok = new GrokPveParser();
        int ours = 0;
        int re = 0;
        int gr = 0;
        for (String line : lines.subList(0, 20_000)) {
            ours += droptrace.parse(line, origin) instanceof ParseResult.Failed ? 0 : 1;
            re += regex.parse(line) != null ? 1 : 0;
            gr += grok.parse(line).isEmpty() ? 0 : 1;
        }
        System.out.printf("%nlines recognised of the first 20000: droptrace %d, regex %d, grok %d%n", ours, re, gr);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void droptrace(Blackhole bh) {
        for (String line : lines) {
            bh.consume(droptrace.parse(line, origin));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void regexNamedGroups(Blackhole bh) {
        for (String line : lines) {
            bh.consume(regex.parse(line));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void javaGrok(Blackhole bh) {
        for (String line : lines) {
            bh.consume(grok.parse(line));
        }
    }
}
