package ai.thinkheads.droptrace.deploy.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BrokerReadinessTest {

    /** Time that passes only when the wait asks or pauses: a cluster that never answers takes every wait it is given. */
    private static final class SilentCluster implements BrokerReadiness.Clock, BrokerReadiness.Ask {
        long now;
        final List<Duration> asked = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration pause) {
            now += pause.toNanos();
        }

        @Override
        public boolean nodes(Duration wait) throws TimeoutException {
            asked.add(wait);
            now += wait.toNanos();
            throw new TimeoutException("Timed out waiting for a node assignment");
        }
    }

    @Test
    void a_cluster_that_never_answers_is_given_up_on_when_the_timeout_is_over_not_after_it() throws Exception {
        // Given
        SilentCluster cluster = new SilentCluster();

        // When
        String reason = BrokerReadiness.waitForNodes(cluster, Duration.ofSeconds(15), () -> false, cluster);

        // Then
        assertThat(reason).isEqualTo("Timed out waiting for a node assignment");
        assertThat(cluster.now).isEqualTo(Duration.ofSeconds(15).toNanos());
        assertThat(cluster.asked).hasSizeGreaterThan(1).allSatisfy(wait -> assertThat(wait).isPositive());
    }

    @Test
    void a_cluster_that_answers_ends_the_wait_at_once() throws Exception {
        // Given
        SilentCluster clock = new SilentCluster();

        // When
        String reason = BrokerReadiness.waitForNodes(wait -> true, Duration.ofSeconds(15), () -> false, clock);

        // Then
        assertThat(reason).isNull();
        assertThat(clock.now).isZero();
    }

    @Test
    void settings_no_client_can_be_made_with_end_the_wait_at_once_and_a_name_that_does_not_resolve_does_not()
            throws Exception {
        // Given a client that cannot be made: a truststore its password does not open, or no address that resolves
        SilentCluster clock = new SilentCluster();
        KafkaException store = new KafkaException("Failed to create new KafkaAdminClient",
                new KafkaException("Failed to load SSL keystore /etc/droptrace/ts.p12 of type JKS"));
        KafkaException unresolved = new KafkaException("Failed to create new KafkaAdminClient",
                new ConfigException("No resolvable bootstrap urls given in bootstrap.servers"));

        // When
        Throwable thrown = catchThrowable(() -> BrokerReadiness.waitForNodes(wait -> {
            throw store;
        }, Duration.ofSeconds(15), () -> false, clock));
        String waited = BrokerReadiness.waitForNodes(wait -> {
            throw unresolved;
        }, Duration.ofSeconds(15), () -> false, clock);

        // Then the first is said at once, the second waited out (a name not in DNS yet)
        assertThat(thrown).isSameAs(store);
        assertThat(waited).isEqualTo("No resolvable bootstrap urls given in bootstrap.servers");
        assertThat(clock.now).isEqualTo(Duration.ofSeconds(15).toNanos());
    }
}
