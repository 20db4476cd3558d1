package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.LogReplayer;
import ai.thinkheads.droptrace.ingest.replay.Pacing;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A replay tells its progress as it reads: a paced one of every line, whose lines may be a minute apart, one as fast as
 * possible of every block, which from a pipe fed live may be one line minutes after the one before. Told every 50,000
 * lines before, both showed their progress line only once they were over.
 */
@ExtendWith(SharedKafkaBroker.class)
class ReplayProgressIT {

    @Test
    void a_paced_replay_reports_its_progress_after_every_line() {
        // Given five lines a second apart, replayed at a pace that makes that a millisecond
        Namespace ns = TopicRecords.freshNamespace("it-replay-progress");
        TailRotationIT.ensureTopics(SharedKafkaBroker.bootstrapServers(), ns);
        List<Long> reported = new ArrayList<>();
        IngestCounts counts;
        try (EventPublisher publisher = new EventPublisher(SharedKafkaBroker.bootstrapServers(), ns,
                EventPublisher.oneShot())) {
            LogReplayer replayer = new LogReplayer(null, publisher, Clock.systemUTC(), Pacing.parse("1000x"),
                    new IngestCounters(), reported::add);
            // When
            replayer.replayWithoutFlush(new ByteArrayInputStream(TailRotationIT.lines(0, 5)
                    .getBytes(StandardCharsets.UTF_8)), "paced", new FirewallLineParser(SyslogYearAndZone.live()));
            counts = replayer.finish();
        }
        // Then: told of each line as it was sent, then once more at the end of the source
        assertThat(counts.acknowledged()).isEqualTo(5);
        assertThat(reported).containsExactly(1L, 2L, 3L, 4L, 5L, 5L);
    }

    @Test
    void a_replay_of_a_pipe_fed_live_reports_its_progress_as_its_lines_come() throws Exception {
        // Given a replay as fast as possible of a pipe (journalctl -kf | droptrace replay -)
        Namespace ns = TopicRecords.freshNamespace("it-replay-progress-pipe");
        TailRotationIT.ensureTopics(SharedKafkaBroker.bootstrapServers(), ns);
        List<Long> reported = new CopyOnWriteArrayList<>();
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer, 1 << 16);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (EventPublisher publisher = new EventPublisher(SharedKafkaBroker.bootstrapServers(), ns,
                EventPublisher.oneShot())) {
            LogReplayer replayer = new LogReplayer(null, publisher, Clock.systemUTC(), Pacing.asFastAsPossible(),
                    new IngestCounters(), reported::add);
            Thread replay = new Thread(() -> {
                try {
                    replayer.replayWithoutFlush(pipe, "stdin", new FirewallLineParser(SyslogYearAndZone.live()));
                    replayer.finish();
                } catch (Throwable e) {
                    failed.set(e);
                }
            }, "replay-under-test");
            replay.start();
            // When: one line is written, and, once it was told, two more, the pipe still open
            writer.write(TailRotationIT.lines(0, 1).getBytes(StandardCharsets.UTF_8));
            writer.flush();
            // Then: each is told while the pipe is open, not only at its end
            TailRotationIT.await("the first line told", () -> reported.isEmpty() ? 0 : reported.get(reported.size() - 1), 1);
            writer.write(TailRotationIT.lines(1, 3).getBytes(StandardCharsets.UTF_8));
            writer.flush();
            TailRotationIT.await("the next two told", () -> reported.isEmpty() ? 0 : reported.get(reported.size() - 1), 3);
            writer.close();
            replay.join(60_000);
            assertThat(replay.isAlive()).isFalse();
        }
        assertThat(failed.get()).isNull();
        assertThat(reported).startsWith(1L).endsWith(3L);
    }
}
