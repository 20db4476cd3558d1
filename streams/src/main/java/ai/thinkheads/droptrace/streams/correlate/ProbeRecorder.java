package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.streams.state.PairProbes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the latest result of every probe of a pair, so a pair query shows whether its paths work. */
final class ProbeRecorder implements Processor<PairKey, ProbeResult, Void, Void> {

    private KeyValueStore<PairKey, PairProbes> probes;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        probes = context.getStateStore(CorrelationStores.PROBES);
    }

    @Override
    public void process(Record<PairKey, ProbeResult> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        PairProbes kept = probes.get(record.key());
        PairProbes next = (kept == null ? PairProbes.EMPTY : kept).add(record.value());
        if (!next.equals(kept)) {
            probes.put(record.key(), next);
        }
    }
}
