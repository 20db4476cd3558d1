package ai.thinkheads.droptrace.probes.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExplainTest {

    @Test
    void what_a_peer_sent_is_quoted_printable_and_short() {
        // Given the first bytes of a TLS alert read as text, and a 16 KiB line
        String alert = "\u0015\u0003\u0003\u0000\u0002\u0002\u0046";
        String longLine = "x".repeat(16 * 1024);

        // Then control characters become '?' and the line is cut to 80 characters
        assertThat(Explain.quoted(alert)).isEqualTo("??????F");
        assertThat(Explain.quoted(longLine)).hasSize(83).endsWith("x...");
        assertThat(Explain.quoted("SSH-2.0-OpenSSH_9.2p1")).isEqualTo("SSH-2.0-OpenSSH_9.2p1");
        assertThat(Explain.quoted("caf\u00e9")).isEqualTo("caf?");
    }
}
