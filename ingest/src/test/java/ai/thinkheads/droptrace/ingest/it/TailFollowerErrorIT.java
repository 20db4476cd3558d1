package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.tail.FileFollower;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A follower stopped by an {@link Error} (out of memory, a stack overflow) keeps why for its owner to say. */
@ExtendWith(SharedKafkaBroker.class)
class TailFollowerErrorIT {

    @TempDir
    Path dir;

    @Test
    void an_error_that_ends_the_follower_is_its_failure_not_a_clean_stop() throws Exception {
        // Given a log with a line, and a clock that runs out of memory when the line is read
        Namespace ns = TopicRecords.freshNamespace("it-tail-error");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 "
                + "policy DROP: IN=fwbr100i0 SRC=10.0.0.1 DST=10.0.0.2 LEN=44 PROTO=TCP SPT=1 DPT=23 SYN \n");
        Clock outOfMemory = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, EventPublisher.waitForBroker())) {
            FileFollower follower = new FileFollower(log, dir.resolve("state.json"),
                    new FirewallLineParser(SyslogYearAndZone.live(), "nodea"), publisher, new IngestCounters(), bootstrap,
                    Duration.ofMillis(20), outOfMemory);
            Thread thread = new Thread(follower, "tail-error-it");
            // When
            thread.start();
            thread.join(60_000);
            // Then it has stopped, and says why
            assertThat(thread.isAlive()).isFalse();
            assertThat(follower.failure()).isNotNull().hasMessage("java.lang.OutOfMemoryError: Java heap space");
        }
    }
}
