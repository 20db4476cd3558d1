package ai.thinkheads.droptrace.ingest.receive;

import ai.thinkheads.droptrace.core.event.Origin;
import java.time.Instant;

/** Where receivers hand every message they read. Must be safe to call from several threads. */
public interface LineSink {

    void accept(String line, Origin origin, Instant received);

    /** Input that is not a message at all (a framing error): a dead letter with the reason. */
    void reject(String reason, String raw, Origin origin, Instant received);
}
