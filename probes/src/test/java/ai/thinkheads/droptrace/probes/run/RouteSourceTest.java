package ai.thinkheads.droptrace.probes.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The source address a local probe reports must be written as the firewall log writes it, or no line matches its flow. */
class RouteSourceTest {

    @Test
    void an_ipv6_source_is_written_compressed_as_the_log_writes_it() {
        // When: connecting a datagram channel sends nothing
        String source = ProbeExecutor.routeSource("::1", 9);
        // Then
        assertThat(source).isEqualTo("::1");
    }

    @Test
    void an_ipv4_source_is_written_as_it_is() {
        // When
        String source = ProbeExecutor.routeSource("127.0.0.1", 9);
        // Then
        assertThat(source).isEqualTo("127.0.0.1");
    }
}
