package ai.thinkheads.droptrace.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PairBucketTest {

    @Test
    void the_sum_of_one_bucket_a_port_scan_overflowed_has_its_ports_as_the_bucket_has_them() {
        // Given: a minute bucket of a port scan, 100 ports: 64 of them by port, the rest under 'other'
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket bucket = PairBucket.EMPTY;
        for (int port = 1000; port < 1100; port++) {
            bucket = bucket.add(TestEvents.drop("203.0.113.9", "10.0.0.13", port, t));
        }
        // When: summed as a pair query sums the buckets of its range
        PairBucket range = PairBucket.EMPTY.plus(bucket);
        // Then: the same 64 ports and 'other', not 63 with tcp/1063 moved into 'other'
        assertThat(bucket.byPort()).hasSize(PairBucket.MAX_KEYS + 1).containsKey("tcp/1063");
        assertThat(bucket.byPort().get(PairBucket.OTHER).drops()).isEqualTo(36);
        assertThat(range.byPort()).isEqualTo(bucket.byPort());
        assertThat(range.byProtocol()).isEqualTo(bucket.byProtocol());
        assertThat(range.total().drops()).isEqualTo(100);
    }

    @Test
    void the_sum_of_two_buckets_keeps_64_labels_and_counts_the_rest_under_other() {
        // Given: two minutes of a scan, 64 different ports each
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket first = PairBucket.EMPTY;
        PairBucket second = PairBucket.EMPTY;
        for (int k = 0; k < PairBucket.MAX_KEYS; k++) {
            first = first.add(TestEvents.drop("a", "b", 2000 + k, t));
            second = second.add(TestEvents.drop("a", "b", 3000 + k, t));
        }
        // When
        PairBucket sum = first.plus(second);
        // Then: still bounded; every packet counted
        assertThat(sum.byPort()).hasSize(PairBucket.MAX_KEYS + 1);
        assertThat(sum.byPort().get(PairBucket.OTHER).drops()).isEqualTo(PairBucket.MAX_KEYS);
        assertThat(sum.total().drops()).isEqualTo(2L * PairBucket.MAX_KEYS);
    }
}
