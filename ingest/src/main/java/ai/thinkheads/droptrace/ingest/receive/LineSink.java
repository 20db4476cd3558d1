package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where receivers hand every message they read. Must be safe to call from several threads. */
public interface LineSink {

    void accept(String line, Origin origin, Instant received);

    /**
     * A message with its bytes as read ({@code null} when not at hand): a dead letter keeps them when they
     * were not UTF-8. By default the bytes are not used.
     */
    default void accept(String line, byte[] bytes, Origin origin, Instant received) {
        accept(line, origin, received);
    }

    /** Input that is not a message at all (a framing error): a dead letter with the reason. */
    void reject(String reason, String raw, Origin origin, Instant received);

    /**
     * The same with the bytes as read ({@code null} when there are none): a dead letter keeps them when they were
     * not UTF-8, as it does for a message. By default the bytes are not used.
     */
    default void reject(String reason, String raw, byte[] bytes, Origin origin, Instant received) {
        reject(reason, raw, origin, received);
    }

    /**
     * Does the per-line work of a batch (safe on a worker thread) and returns what must then run in
     * the stream's order on the receiving thread. By default all work happens in that step.
     * {@code bytes} holds each line's bytes as read (an entry may be {@code null}).
     */
    default Runnable prepare(List<String> lines, List<byte[]> bytes, List<Origin> origins, Instant received) {
        return () -> {
            for (int k = 0; k < lines.size(); k++) {
                accept(lines.get(k), bytes.get(k), origins.get(k), received);
            }
        };
    }

    /**
     * The same for a block of frames as read from a stream, not yet decoded: frame {@code k} is
     * at position {@code firstPosition + k} of {@code source}.
     */
    default Runnable prepare(LineBlock frames, long firstPosition, String source, Instant received) {
        List<String> lines = new ArrayList<>(frames.count());
        List<byte[]> bytes = new ArrayList<>(frames.count());
        List<Origin> origins = new ArrayList<>(frames.count());
        for (int k = 0; k < frames.count(); k++) {
            boolean plain = frames.plain(k);
            lines.add(frames.text(k, plain));
            bytes.add(plain ? null : frames.bytes(k)); // printable ASCII reads as it is: nothing to keep
            origins.add(Origin.of(source, firstPosition + k));
        }
        return prepare(lines, bytes, origins, received);
    }
}
