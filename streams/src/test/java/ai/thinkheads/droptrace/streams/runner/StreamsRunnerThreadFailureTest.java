package ai.thinkheads.droptrace.streams.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under exactly_once_v2 a Kafka away for two minutes fails the stream thread ("Cannot attempt operation
 * `sendOffsetsToTransaction` because the previous call to `commitTransaction` timed out and must be retried"),
 * which ended a long-running correlator with exit 1: such a thread is replaced, any other failure still stops.
 */
class StreamsRunnerThreadFailureTest {

    private static final IllegalStateException COMMIT_TIMED_OUT = new IllegalStateException("Cannot attempt operation "
            + "`sendOffsetsToTransaction` because the previous call to `commitTransaction` timed out and must be retried");

    @Test
    void a_thread_failing_while_kafka_was_away_is_replaced_and_any_other_stops_the_instance(@TempDir Path dir) {
        // Given
        Topology topology = new Topology();
        topology.addSource("in", new ByteArrayDeserializer(), new ByteArrayDeserializer(), "in");
        topology.addSink("out", "out", new ByteArraySerializer(), new ByteArraySerializer(), "in");
        AtomicBoolean away = new AtomicBoolean(true);
        try (StreamsRunner runner = new StreamsRunner(topology,
                new StreamsSettings("127.0.0.1:1", "runner-thread-failure-test", dir, Map.of()))) {
            runner.replaceFailedThreadsWhen(away::get);
            // When / Then: while Kafka was away
            assertThat(runner.onThreadFailure(COMMIT_TIMED_OUT)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            // When / Then: with Kafka there
            away.set(false);
            assertThat(runner.onThreadFailure(COMMIT_TIMED_OUT)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
            assertThatThrownBy(() -> runner.awaitStop(ShutdownSignal.manual()))
                    .hasMessageContaining("Kafka Streams stopped: Cannot attempt operation");
        }
    }
}
