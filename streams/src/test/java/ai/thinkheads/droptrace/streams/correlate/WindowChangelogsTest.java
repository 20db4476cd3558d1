package ai.thinkheads.droptrace.streams.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.verdict.VerdictSettings;
import ai.thinkheads.droptrace.streams.verdict.VerdictStores;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;

/**
 * The window stores' changelogs hold records stamped with event time; in a namespace of replayed history the broker
 * would delete them at once by time, and state restored from them would lose the buckets and the evidence.
 */
class WindowChangelogsTest {

    @Test
    void in_a_replay_namespace_the_window_stores_changelogs_are_compacted_and_never_deleted_by_time() {
        // When
        List<StoreBuilder<?>> stores = stores(Namespace.of("incident-nov20"));
        // Then
        assertThat(stores).filteredOn(s -> windowed(s.name())).extracting(StoreBuilder::name)
                .containsExactlyInAnyOrder(CorrelationStores.MINUTE_BUCKETS, CorrelationStores.HOUR_BUCKETS,
                        VerdictStores.EVIDENCE, VerdictStores.DECIDED);
        assertThat(stores).filteredOn(s -> windowed(s.name())).allSatisfy(s -> {
            assertThat(s.loggingEnabled()).isTrue();
            assertThat(s.logConfig()).containsEntry("cleanup.policy", "compact");
        });
    }

    @Test
    void live_window_stores_keep_the_changelogs_kafka_streams_gives_them() {
        // When
        List<StoreBuilder<?>> stores = stores(Namespace.LIVE);
        // Then
        assertThat(stores).allSatisfy(s -> {
            assertThat(s.loggingEnabled()).isTrue();
            assertThat(s.logConfig()).doesNotContainKey("cleanup.policy");
        });
    }

    private static List<StoreBuilder<?>> stores(Namespace namespace) {
        CorrelationSettings settings = CorrelationSettings.defaults(namespace);
        List<StoreBuilder<?>> stores = new ArrayList<>(CorrelationStores.builders(settings));
        stores.addAll(VerdictStores.builders(settings.verdicts(), WindowChangelogs.of(namespace)));
        return stores;
    }

    private static boolean windowed(String name) {
        return name.equals(CorrelationStores.MINUTE_BUCKETS) || name.equals(CorrelationStores.HOUR_BUCKETS)
                || name.equals(VerdictStores.EVIDENCE) || name.equals(VerdictStores.DECIDED);
    }
}
