package ai.thinkheads.droptrace.ingest.replay;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;

/**
 * Where a replay that Kafka stopped can go on from. Records are sent in runs (a block of lines, or one line when
 * paced), each watched: when Kafka refuses a record of a run, the run's first line and the earliest time of its
 * own that a line of the run carries are noted. Every line read is sent, so what Kafka may not hold is the refused
 * runs: the earliest refused run (in the order sent) says from which line on, and the earliest time of all refused
 * runs is a {@code --from} that sends every one of their lines again (and, with them, those after them that Kafka
 * did take).
 */
public final class RefusedFrom {

    /**
     * A place in the input: {@code line} of {@code source}; {@code time} the earliest time of its own of a line
     * refused, {@code null} when none of them had one (dead letters, lines timed by their reading).
     */
    public record Place(String source, long line, Instant time) {
    }

    /** A run that Kafka refused a record of, and its rank among the runs sent. */
    private record Run(long order, String source, long line, Instant earliest) {
    }

    private final AtomicReference<Run> first = new AtomicReference<>();
    private final AtomicReference<Instant> earliestTime = new AtomicReference<>();
    private long sent; // runs sent so far: only the sending thread counts them

    /**
     * A callback for the records of the run sent next, noting it when Kafka refuses one of them; called on the
     * thread that sends, in the order it sends.
     *
     * @param earliest the earliest time of its own of the run's lines, {@code null} when none has one
     */
    public Callback watch(String source, long firstLine, Instant earliest) {
        Run run = new Run(sent++, source, firstLine, earliest);
        return (metadata, error) -> {
            if (error != null) {
                first.accumulateAndGet(run, (a, b) -> a == null || b.order() < a.order() ? b : a);
                earliestTime.accumulateAndGet(earliest, RefusedFrom::earlier);
            }
        };
    }

    /** The place to go on from, empty when Kafka refused nothing (so far). */
    public Optional<Place> place() {
        Run run = first.get();
        return run == null ? Optional.empty() : Optional.of(new Place(run.source(), run.line(), earliestTime.get()));
    }

    /** The earlier of two times of their own, either {@code null} (none). */
    static Instant earlier(Instant a, Instant b) {
        return a == null || b != null && b.isBefore(a) ? b : a;
    }
}
