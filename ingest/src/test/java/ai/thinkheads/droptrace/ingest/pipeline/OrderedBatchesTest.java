package ai.thinkheads.droptrace.ingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OrderedBatchesTest {

    @Test
    void the_lines_of_a_pipe_fed_live_are_handed_on_as_they_come_not_when_later_blocks_push_them_out() throws Exception {
        // Given a pipe that a live writer feeds line by line (journalctl -f | droptrace replay -)
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream writer = new PipedOutputStream(in);
        List<String> handedOn = new CopyOnWriteArrayList<>();
        List<Integer> flushes = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (OrderedBatches<List<String>> batches = new OrderedBatches<>(2, 8, "test", handedOn::addAll)) {
                LineBlockReader blocks = new LineBlockReader(in, 1 << 17, 1024);
                batches.runAll(blocks, "pipe", block -> () -> {
                    List<String> lines = new java.util.ArrayList<>();
                    for (int k = 0; k < block.count(); k++) {
                        lines.add(block.text(k, false));
                    }
                    return lines;
                }, lines -> { }, () -> flushes.add(handedOn.size()));
            }
        });
        reader.start();
        try {
            // When one line is written and the writer waits
            writer.write("first\n".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            // Then it is handed on (and flushed) while the pipe stays open, by the time reading waited 50 ms
            awaitSize(handedOn, 1);
            assertThat(handedOn).containsExactly("first");
            assertThat(flushes).contains(1);
            // When two more come
            writer.write("second\nthird\n".getBytes(StandardCharsets.UTF_8));
            writer.flush();
            awaitSize(handedOn, 3);
            assertThat(handedOn).containsExactly("first", "second", "third");
        } finally {
            writer.close();
            reader.join(10_000);
        }
        assertThat(reader.isAlive()).isFalse();
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(list).hasSize(size);
    }

    @Test
    void a_failure_of_what_was_handed_on_while_reading_waited_is_the_reading_threads() throws Exception {
        // Given a consumer that fails (a reader of stdout that went away), and a pipe that gives one line, then waits
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream writer = new PipedOutputStream(in);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (OrderedBatches<String> batches = new OrderedBatches<>(1, 4, "test", line -> {
                throw new IllegalStateException("the reader went away");
            })) {
                batches.runAll(new LineBlockReader(in, 1 << 17, 1024), "pipe", block -> () -> block.text(0, false),
                        lines -> { });
            } catch (RuntimeException e) {
                thrown.add(e);
            }
        });
        reader.start();
        // When the line is handed on while the pipe waits, and the pipe then ends
        writer.write("first\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        Thread.sleep(500);
        writer.close();
        reader.join(10_000);
        // Then the reading thread ends with the consumer's failure, not silently
        assertThat(reader.isAlive()).isFalse();
        assertThat(thrown).singleElement().satisfies(e -> assertThat(e).hasMessage("the reader went away"));
    }
}
