package ai.thinkheads.droptrace.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairBucketTest {

    @Test
    void the_sum_of_one_bucket_a_port_scan_overflowed_has_its_ports_as_the_bucket_has_them() {
        // Given: a minute bucket of a port scan, 100 ports: 64 of them by port, the rest under 'tcp/other'
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket bucket = PairBucket.EMPTY;
        for (int port = 1000; port < 1100; port++) {
            bucket = bucket.add(TestEvents.drop("203.0.113.9", "10.0.0.13", port, t));
        }
        // When: summed as a pair query sums the buckets of its range
        PairBucket range = PairBucket.EMPTY.plus(bucket);
        // Then: the same 64 ports and 'tcp/other', not 63 with tcp/1063 moved into 'tcp/other'
        assertThat(bucket.byPort()).hasSize(PairBucket.MAX_KEYS + 1).containsKey("tcp/1063");
        assertThat(bucket.byPort().get("tcp/other").drops()).isEqualTo(36);
        assertThat(range.byPort()).isEqualTo(bucket.byPort());
        assertThat(range.byProtocol()).isEqualTo(bucket.byProtocol());
        assertThat(range.total().drops()).isEqualTo(100);
    }

    @Test
    void the_sum_of_two_buckets_keeps_64_labels_and_counts_the_rest_under_their_protocols_other() {
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
        assertThat(sum.byPort().get("tcp/other").drops()).isEqualTo(PairBucket.MAX_KEYS);
        assertThat(sum.total().drops()).isEqualTo(2L * PairBucket.MAX_KEYS);
    }

    @Test
    void a_tcp_port_scan_past_the_label_limit_is_still_tcp_by_protocol_and_a_udp_one_udp() {
        // Given: 100 TCP ports and then 10 UDP ports in one bucket, past the 64 labels
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket bucket = PairBucket.EMPTY;
        for (int port = 1000; port < 1100; port++) {
            bucket = bucket.add(TestEvents.drop("203.0.113.9", "10.0.0.13", port, t));
        }
        for (int port = 5000; port < 5010; port++) {
            bucket = bucket.add(TestEvents.event("203.0.113.9", "10.0.0.13", "UDP", port,
                    Action.DROP, 102, "veth102i0-IN", true, t));
        }
        // When: summed as a pair query's range sums its buckets
        PairBucket range = PairBucket.EMPTY.plus(bucket);
        // Then: the protocol of what did not fit is known, by protocol and by port ('other' was both before)
        assertThat(range.byProtocol()).containsOnlyKeys("tcp", "udp");
        assertThat(range.byProtocol().get("tcp").drops()).isEqualTo(100);
        assertThat(range.byProtocol().get("udp").drops()).isEqualTo(10);
        assertThat(range.byPort()).doesNotContainKey(PairBucket.OTHER).containsKeys("tcp/other", "udp/other")
                .hasSize(PairBucket.MAX_KEYS + 2);
        assertThat(range.byPort().get("tcp/other").drops()).isEqualTo(36);
    }

    @Test
    void a_bucket_written_before_with_other_sums_with_a_new_one_without_losing_a_count() {
        // Given: an hour bucket of an earlier version, its overflow under 'other', and a new one past the limit
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket earlier = PairBucket.EMPTY;
        PairBucket now = PairBucket.EMPTY;
        for (int port = 1000; port < 1000 + PairBucket.MAX_KEYS; port++) {
            earlier = earlier.add(TestEvents.drop("a", "b", port, t));
            now = now.add(TestEvents.drop("a", "b", port, t));
        }
        earlier = earlier.plus(new PairBucket(ActionCounts.ZERO, Map.of(PairBucket.OTHER,
                new ActionCounts(0, 7, 0, 0)), Map.of()));
        now = now.add(TestEvents.drop("a", "b", 2000, t));
        // When
        PairBucket sum = earlier.plus(now);
        // Then
        assertThat(sum.byPort().get(PairBucket.OTHER).drops()).isEqualTo(7);
        assertThat(sum.byPort().get("tcp/other").drops()).isEqualTo(1);
        assertThat(sum.byPort()).hasSize(PairBucket.MAX_KEYS + 2);
    }

    @Test
    void the_protocols_of_what_did_not_fit_are_bounded_too_and_a_portless_one_is_other() {
        // Given: a bucket full of TCP ports, then ports of 20 protocols (events from Kafka name any protocol) and icmp
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket bucket = PairBucket.EMPTY;
        for (int port = 1000; port < 1000 + PairBucket.MAX_KEYS; port++) {
            bucket = bucket.add(TestEvents.drop("a", "b", port, t));
        }
        for (int p = 0; p < 20; p++) {
            bucket = bucket.add(TestEvents.event("a", "b", "PROTO" + p, 7, Action.DROP, 102, "veth102i0-IN", true, t));
        }
        bucket = bucket.add(TestEvents.event("a", "b", "ICMP", null, Action.DROP, 102, "veth102i0-IN", true, t));
        // Then: eight protocols' 'other' and a plain 'other' for the rest; every packet counted
        assertThat(bucket.byPort()).hasSize(PairBucket.MAX_KEYS + PairBucket.MAX_OVERFLOWS + 1);
        assertThat(bucket.byPort().get(PairBucket.OTHER).drops()).isEqualTo(20 - PairBucket.MAX_OVERFLOWS + 1);
        assertThat(bucket.total().drops()).isEqualTo(PairBucket.MAX_KEYS + 21);
    }
}
