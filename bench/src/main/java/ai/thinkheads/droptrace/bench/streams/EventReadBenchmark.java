package ai.thinkheads.droptrace.bench.streams;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.streams.correlate.EventJsonReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
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
 * Reading the JSON of firewall events as the correlator does for every event: the core serde
 * (Jackson data binding, the peer) against {@link EventJsonReader} (Jackson's streaming parser), over
 * the same 100,000 events of {@link EventMix}. Score: events per second, one thread.
 *
 * <pre>bench/run jmh EventReadBenchmark -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EventReadBenchmark {

    static final int EVENTS = 100_000;

    private List<byte[]> json;
    private Deserializer<FirewallEvent> serde;

    @Setup(Level.Trial)
    public void setUp() {
        EventMix mix = new EventMix(EVENTS, 500, Instant.parse("2025-11-20T14:00:00Z"), Duration.ofMinutes(10), 42);
        json = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            json.add(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", mix.next()));
        }
        serde = Topics.FIREWALL_EVENTS.valueSerde().deserializer();
        for (byte[] bytes : json) {
            if (!serde.deserialize("t", bytes).equals(EventJsonReader.read(bytes))) {
                throw new IllegalStateException("the two readers disagree on an event");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void dataBinding(Blackhole bh) {
        for (byte[] bytes : json) {
            bh.consume(serde.deserialize("t", bytes));
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void streamingReader(Blackhole bh) {
        for (byte[] bytes : json) {
            bh.consume(EventJsonReader.read(bytes));
        }
    }
}
