package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where receivers hand every message they read. Must be safe to call from several threads. */
public interface LineSink {

    void accept(String line, Origin origin, Instant received);

    /** Input that is not a message at all (a framing error): a dead letter with the reason. */
    void reject(String reason, String raw, Origin origin, Instant received);

    /**
     * Does the per-line work of a batch (safe on a worker thread) and returns what must then run in
     * the stream's order on the receiving thread. By default all work happens in that step.
     */
    default Runnable prepare(List<String> lines, List<Origin> origins, Instant received) {
        return () -> {
            for (int k = 0; k < lines.size(); k++) {
                accept(lines.get(k), origins.get(k), received);
            }
        };
    }

    /**
     * The same for a block of frames as read from a stream, not yet decoded: frame {@code k} is
     * at position {@code firstPosition + k} of {@code source}.
     */
    default Runnable prepare(LineBlock frames, long firstPosition, String source, Instant received) {
        List<String> lines = new ArrayList<>(frames.count());
        List<Origin> origins = new ArrayList<>(frames.count());
        for (int k = 0; k < frames.count(); k++) {
            lines.add(frames.text(k, false));
            origins.add(Origin.of(source, firstPosition + k));
        }
        return prepare(lines, origins, received);
    }
}
