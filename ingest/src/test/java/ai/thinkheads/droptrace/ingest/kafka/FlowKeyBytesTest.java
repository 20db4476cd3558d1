package ai.thinkheads.droptrace.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.topic.KeySerdes;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowKeyBytesTest {

    @Test
    void the_key_is_what_the_topics_key_serde_writes_for_every_kind_of_packet() {
        // Given
        List<String> addresses = java.util.Arrays.asList("198.51.100.7", "2001:db8::1", "::ffff:10.0.0.1", null, "");
        List<String> protocols = java.util.Arrays.asList("TCP", "UDP", "ICMP", "ICMPV6", "SCTP", "47", "Tcp", null);
        List<Integer> ports = java.util.Arrays.asList(null, 0, 9, 10, 443, 9999, 10000, 65535);
        for (String source : addresses) {
            for (String protocol : protocols) {
                for (Integer port : ports) {
                    Packet packet = new Packet(null, null, null, null, null, null, null, source, "192.0.2.1", 4, null,
                            null, null, null, null, null, null, null, null, null, protocol, null, port, null, null,
                            null, null, null, null, null, null, null, null, null, null);
                    // When
                    byte[] ours = FlowKeyBytes.of(packet);
                    // Then
                    assertThat(ours).isEqualTo(KeySerdes.flow().serializer().serialize("t", FlowKey.of(packet)));
                }
            }
        }
    }
}
