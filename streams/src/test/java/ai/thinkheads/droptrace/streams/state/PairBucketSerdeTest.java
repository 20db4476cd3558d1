package ai.thinkheads.droptrace.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PairBucketSerdeTest {

    private final PairBucketSerde serde = new PairBucketSerde();

    @Test
    void a_bucket_round_trips_with_its_totals_ports_and_chains() {
        // Given
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket bucket = PairBucket.EMPTY
                .add(TestEvents.drop("a", "b", 8443, t))
                .add(TestEvents.event("a", "b", "UDP", 53, Action.REJECT, 0, "PVEFW-HOST-IN", false, t))
                .add(TestEvents.event("a", "b", "ICMP", null, null, 0, "GROUP-ü-IN", false, t));
        // When
        PairBucket back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", bucket));
        // Then
        assertThat(back).isEqualTo(bucket);
        assertThat(back.byPort()).containsOnlyKeys("icmp", "tcp/8443", "udp/53");
        assertThat(back.byChain()).containsKey("0/GROUP-ü-IN");
    }

    @Test
    void the_empty_bucket_and_null_round_trip() {
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", PairBucket.EMPTY)))
                .isEqualTo(PairBucket.EMPTY);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void an_unknown_version_or_truncated_bytes_are_a_serialization_error() {
        byte[] bytes = serde.serializer().serialize("t", PairBucket.EMPTY.add(TestEvents.drop("a", "b", 1, Instant.EPOCH)));
        byte[] future = bytes.clone();
        future[0] = 9;
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void version_3_keeps_the_rule_counts_and_version_1_and_2_bytes_still_read() throws Exception {
        // Given: a bucket with rules, and the bytes versions 1 (no rules) and 2 (writeUTF labels) wrote
        Instant t = Instant.parse("2025-11-20T14:00:00Z");
        PairBucket bucket = PairBucket.EMPTY.add(TestEvents.drop("a", "b", 8443, t), "firewall/102.fw:7")
                .add(TestEvents.drop("a", "b", 8443, t), PairBucket.UNATTRIBUTED);
        java.io.ByteArrayOutputStream v1 = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(v1)) {
            out.writeByte(1);
            for (long n : new long[] {0, 2, 0, 0}) {
                out.writeLong(n);
            }
            out.writeInt(0);
            out.writeInt(0);
        }
        java.io.ByteArrayOutputStream v2 = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(v2)) {
            out.writeByte(2);
            for (long n : new long[] {0, 2, 0, 0}) {
                out.writeLong(n);
            }
            for (String label : new String[] {"tcp/8443", "102/veth102i0-IN", "firewall/102.fw:7"}) {
                out.writeInt(1);
                out.writeUTF(label);
                for (long n : new long[] {0, 2, 0, 0}) {
                    out.writeLong(n);
                }
            }
        }
        // When
        byte[] v3 = serde.serializer().serialize("t", bucket);
        PairBucket fromV1 = serde.deserializer().deserialize("t", v1.toByteArray());
        PairBucket fromV2 = serde.deserializer().deserialize("t", v2.toByteArray());
        // Then
        assertThat(v3[0]).isEqualTo((byte) 3);
        assertThat(serde.deserializer().deserialize("t", v3).byRule())
                .containsOnlyKeys("firewall/102.fw:7", PairBucket.UNATTRIBUTED);
        assertThat(fromV1.total().drops()).isEqualTo(2);
        assertThat(fromV1.byRule()).isEmpty();
        assertThat(fromV2.byPort()).containsOnlyKeys("tcp/8443");
        assertThat(fromV2.byRule()).containsOnlyKeys("firewall/102.fw:7");
        assertThat(fromV2.total().drops()).isEqualTo(2);
    }
}
