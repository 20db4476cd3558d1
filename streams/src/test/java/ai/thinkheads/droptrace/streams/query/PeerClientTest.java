package ai.thinkheads.droptrace.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class PeerClientTest {

    @Test
    void an_owner_that_does_not_answer_is_a_503_to_retry_on_naming_why_not_a_502_of_null() throws Exception {
        // Given: the port of an instance that stopped, whose state Kafka Streams has not moved yet
        int port;
        try (ServerSocket stopped = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = stopped.getLocalPort();
        }
        // When
        Answer answer = new PeerClient().get(new HostInfo("127.0.0.1", port), "/v1/local/latest");
        // Then: it was 502 "did not answer (null)", which droptrace query does not ask again on
        assertThat(answer.status()).isEqualTo(Answer.UNAVAILABLE);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"the instance at "
                + "127.0.0.1:" + port + " that owns this state did not answer (connection refused); it may be stopping, "
                + "and its state moving to another instance: retry shortly\"}");
    }
}
