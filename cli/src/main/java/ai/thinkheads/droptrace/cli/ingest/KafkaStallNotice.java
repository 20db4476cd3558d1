package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.output.Count;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The line a long-running ingest ({@code tail}, {@code listen}) prints when Kafka stops acknowledging
 * in the middle of a run (a broker down or restarting), and the one when it acknowledges again, so the
 * wait is said when it happens and not only in the next stats line.
 */
final class KafkaStallNotice {

    /** How long Kafka may acknowledge nothing while records wait before it is said. */
    static final long STALL_NANOS = 30_000_000_000L;

    private final PrintWriter err;
    private final String waiting;
    private long acknowledged = -1;
    private long progressAt;
    private long saidAt = -1;

    /** @param waiting what waiting means for this command (said after the count of records waiting) */
    KafkaStallNotice(PrintWriter err, String waiting) {
        this.err = err;
        this.waiting = waiting;
    }

    /** Looks at the counts now ({@link System#nanoTime()} in {@code now}); prints a line when the wait starts or ends. */
    void check(long sent, long acknowledgedNow, long now) {
        if (acknowledgedNow != acknowledged || sent <= acknowledgedNow) {
            if (saidAt >= 0 && acknowledgedNow > acknowledged) {
                err.printf(Locale.ROOT, "Kafka acknowledges again, after %d s%n", (now - progressAt) / 1_000_000_000L);
                err.flush();
                saidAt = -1;
            }
            acknowledged = acknowledgedNow;
            progressAt = now;
            return;
        }
        if (saidAt < 0 && now - progressAt >= STALL_NANOS) {
            err.printf(Locale.ROOT, "Kafka has acknowledged nothing for %d s (%s waiting); %s%n",
                    STALL_NANOS / 1_000_000_000L, Count.of(sent - acknowledgedNow, "record"), waiting);
            err.flush();
            saidAt = now;
        }
    }
}
