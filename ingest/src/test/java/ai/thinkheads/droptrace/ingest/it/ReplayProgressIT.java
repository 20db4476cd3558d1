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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A paced replay tells its progress of every line: its lines may be a minute apart, and the 50,000 lines between two
 * reports of a replay as fast as possible were hours of it, its progress line shown only once it was over.
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
}
