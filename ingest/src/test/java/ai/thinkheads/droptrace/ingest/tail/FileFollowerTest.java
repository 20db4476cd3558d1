package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFollowerTest {

    @TempDir
    Path dir;

    @Test
    void a_follower_that_cannot_go_on_ends_and_keeps_why_for_its_owner() throws Exception {
        // Given a state file that is not one (nothing is sent: no broker is needed)
        Path log = dir.resolve("fw.log");
        Files.writeString(log, "x\n");
        Path state = dir.resolve("state.json");
        Files.writeString(state, "[1, 2");
        try (EventPublisher publisher = new EventPublisher("127.0.0.1:9", Namespace.of("test"), Map.of())) {
            FileFollower follower = new FileFollower(log, state, new FirewallLineParser(SyslogYearAndZone.live()),
                    publisher, new IngestCounters(), "127.0.0.1:9", Duration.ofMillis(10), Clock.systemUTC());
            // When
            Thread thread = new Thread(follower);
            thread.start();
            thread.join(10_000);
            // Then
            assertThat(thread.isAlive()).isFalse();
            assertThat(follower.failure()).hasMessageStartingWith(state + " is not a tail position droptrace wrote (");
        }
    }
}
