package ai.thinkheads.droptrace.bench.tracer;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decisions per second of {@link RuleTracer} against {@link NaiveLinearTracer} (both of its
 * variants) on the generated configuration (1,000 rules across 50 guests, 20 ipsets of 1,000
 * CIDRs), in the same run; sample mode gives the median time per decision. Also: how long
 * compiling a tracer from a ruleset takes.
 *
 * <pre>bench/run jmh RuleTracerBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleTracerBenchmark {

    private Ruleset ruleset;
    private RuleTracer tracer;
    private NaiveLinearTracer naive;
    private TraceRequest[] requests;
    private GeneratedFirewall.Packet[] packets;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        GeneratedFirewall generated = GeneratedFirewall.standard();
        ruleset = generated.ruleset();
        tracer = RuleTracer.compile(ruleset);
        naive = new NaiveLinearTracer(ruleset);
        List<GeneratedFirewall.Packet> list = generated.packets();
        packets = list.toArray(GeneratedFirewall.Packet[]::new);
        requests = list.stream().map(p -> TraceRequest.flow(p.source(), p.dest(), p.proto(), p.dport()))
                .toArray(TraceRequest[]::new);
        TracerAgreement.check(tracer, naive, list);
    }

    @Benchmark
    public TraceResult tracer() {
        next = (next + 1) & (requests.length - 1);
        return tracer.trace(requests[next]);
    }

    @Benchmark
    public NaiveLinearTracer.Decision naiveLinearScan() {
        next = (next + 1) & (packets.length - 1);
        return naive.decide(packets[next]);
    }

    @Benchmark
    public NaiveLinearTracer.Decision naiveCheapestFirst() {
        next = (next + 1) & (packets.length - 1);
        return naive.decideCheapestFirst(packets[next]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public RuleTracer compile() {
        return RuleTracer.compile(ruleset);
    }
}
