package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import ai.thinkheads.droptrace.probes.publish.ResultSink;
import ai.thinkheads.droptrace.probes.publish.ResultsFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where {@code probe run} hands its results besides the terminal: the {@code --results-file} and Kafka. Each sink
 * takes every result on its own (a full disk keeps a result from no other sink); what a sink could not take is said
 * once, after the results are shown, by {@link #failIfNotWritten} and {@link #failIfNotPublished}.
 */
final class RunSinks implements AutoCloseable {

    /** How long the end waits for Kafka's answers to the results sent: a Kafka gone away is not waited out. */
    static final Duration KAFKA_WAIT = Duration.ofSeconds(5);

    private final Path resultsFile;
    private final List<ResultSink> sinks = new ArrayList<>();
    /** The first failure to write --results-file: the run stops and says so instead of going on without its file. */
    private final AtomicReference<UncheckedIOException> fileFailure = new AtomicReference<>();
    private ProbeResultPublisher publisher;

    /** Opens {@code resultsFile} when given; one that cannot be opened is a usage error. */
    RunSinks(Path resultsFile) {
        this.resultsFile = resultsFile;
        if (resultsFile != null) {
            try {
                sinks.add(new ResultsFile(resultsFile));
            } catch (UncheckedIOException e) {
                throw new UserException(ExitCodes.USAGE, "cannot write --results-file " + resultsFile + ": "
                        + e.getMessage());
            }
        }
    }

    void publishTo(ProbeResultPublisher kafka) {
        this.publisher = kafka;
        sinks.add(kafka);
    }

    /** The Kafka sink, or {@code null} with {@code --no-kafka}. */
    ProbeResultPublisher publisher() {
        return publisher;
    }

    /** Hands a result to every sink; false once the results file has failed. */
    boolean deliver(ProbeResult result) {
        for (ResultSink sink : sinks) {
            try {
                sink.accept(result);
            } catch (UncheckedIOException e) {
                fileFailure.compareAndSet(null, e);
            }
        }
        return fileFailure.get() == null;
    }

    /** Flushes the file and waits (at most {@link #KAFKA_WAIT}) for Kafka's answers; a refusal is said later. */
    void flush() {
        for (ResultSink sink : sinks) {
            try {
                if (sink instanceof ProbeResultPublisher kafka) {
                    kafka.awaitAnswers(KAFKA_WAIT);
                } else {
                    sink.flush();
                }
            } catch (UncheckedIOException e) {
                fileFailure.compareAndSet(null, e);
            }
        }
    }

    void failIfNotWritten(String consequence) {
        UncheckedIOException e = fileFailure.get();
        if (e != null) {
            throw new UserException(ExitCodes.FAILURE, "cannot write --results-file " + resultsFile + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + "; " + consequence, e);
        }
    }

    /** One line, after the results are shown, when Kafka refused any of them (exit 4, as listen's refused records). */
    void failIfNotPublished(String consequence) {
        if (publisher == null || publisher.refused() + publisher.unanswered() == 0) {
            return;
        }
        String why = publisher.refused() == 0 ? "no answer within " + KAFKA_WAIT.toSeconds() + " s: is it down?"
                : publisher.firstRefusal() + (publisher.unanswered() == 0 ? ""
                : "; and " + Count.of(publisher.unanswered(), "result") + " without an answer within "
                        + KAFKA_WAIT.toSeconds() + " s");
        throw new UserException(ExitCodes.KAFKA_UNAVAILABLE, String.format(Locale.ROOT,
                "Kafka did not accept %,d of %,d probe results on %s (%s); %s", publisher.refused()
                        + publisher.unanswered(), publisher.sent(), publisher.topic(), why, consequence));
    }

    @Override
    public void close() {
        for (ResultSink sink : sinks) {
            try {
                sink.close();
            } catch (UncheckedIOException e) {
                if (fileFailure.get() == null) {
                    throw e;
                } // said already: closing a file that failed to be written fails again
            }
        }
    }
}
