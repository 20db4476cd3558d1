package ai.thinkheads.droptrace.ingest.receive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How one connection's frames are handed to the workers, read off a stream that holds them all at once. */
class SyslogConnectionReaderTest {

    @Test
    void octet_counted_frames_go_to_the_workers_in_batches_of_a_bounded_size_not_by_their_count_alone() throws Exception {
        // Given 40 counted frames of 60 KiB each, all there at once (a sender far ahead of the receiver)
        byte[] message = ("<4>Mar 14 09:12:44 pve1 kernel: " + "x".repeat(60 * 1024)).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int k = 0; k < 40; k++) {
            stream.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            stream.write(message);
        }
        List<Long> batches = new CopyOnWriteArrayList<>();
        LineSink sink = new LineSink() {
            @Override
            public void accept(String line, Origin origin, Instant received) {
            }

            @Override
            public void reject(String reason, String raw, Origin origin, Instant received) {
                batches.add(-1L);
            }

            @Override
            public Runnable prepare(List<String> lines, List<byte[]> bytes, List<Origin> origins, Instant received) {
                batches.add(bytes.stream().mapToLong(b -> b.length).sum());
                return () -> { };
            }
        };
        ExecutorService workers = OrderedBatches.pool(1, "test-parse");
        SyslogConnectionReader reader = new SyslogConnectionReader(sink, Clock.systemUTC(), 65_536, workers,
                new SyslogConnectionReader.Stop() {
                    @Override
                    public boolean stopped() {
                        return false;
                    }

                    @Override
                    public long stopReadingAt() {
                        return 0;
                    }
                }, new AtomicLong(), new AtomicLong(), new AtomicLong());
        byte[] sent = stream.toByteArray();
        try (Socket socket = new Socket() {
            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(sent);
            }
        }) {
            // When
            reader.read(socket, "tcp://127.0.0.1");
        } finally {
            workers.shutdown();
        }

        // Then every frame is handed on, in batches of at most 256 KiB and the frame that reached it
        assertThat(batches).doesNotContain(-1L);
        assertThat(batches.stream().mapToLong(Long::longValue).sum()).isEqualTo(40L * message.length);
        assertThat(batches).allMatch(b -> b < SyslogConnectionReader.BATCH_BYTES + message.length);
    }
}
