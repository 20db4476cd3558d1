package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink that keeps what a receiver hands it, for a test to look at: each message's text (a rejected
 * one as {@code rejected: REASON}) and the bytes handed with it (none: an empty array).
 */
public final class RecordingSink implements LineSink {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<byte[]> bytes = new CopyOnWriteArrayList<>();

    @Override
    public void accept(String line, Origin origin, Instant received) {
        accept(line, null, origin, received);
    }

    @Override
    public void accept(String line, byte[] raw, Origin origin, Instant received) {
        lines.add(line);
        bytes.add(raw == null ? new byte[0] : raw);
    }

    @Override
    public void reject(String reason, String raw, Origin origin, Instant received) {
        reject(reason, raw, null, origin, received);
    }

    @Override
    public void reject(String reason, String raw, byte[] raw8, Origin origin, Instant received) {
        lines.add("rejected: " + reason);
        rejectedText.add(raw);
        rejectedBytes.add(raw8 == null ? new byte[0] : raw8);
    }

    private final List<String> rejectedText = new CopyOnWriteArrayList<>();
    private final List<byte[]> rejectedBytes = new CopyOnWriteArrayList<>();

    /** The bytes each rejected message was handed with (none: an empty array), in the order they came. */
    public List<byte[]> rejectedBytes() {
        return rejectedBytes;
    }

    /** The text each rejected message was handed with, in the order they came. */
    public List<String> rejectedText() {
        return rejectedText;
    }

    /** The messages in the order they came. */
    public List<String> lines() {
        return lines;
    }

    /** The bytes handed with each accepted message, in the order they came. */
    public List<byte[]> bytes() {
        return bytes;
    }
}
