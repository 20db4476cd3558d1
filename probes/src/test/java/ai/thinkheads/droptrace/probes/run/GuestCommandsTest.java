package ai.thinkheads.droptrace.probes.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ToolsConfig;
import ai.thinkheads.droptrace.probes.testing.Probing;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestCommandsTest {

    static List<String> argv(String probe, String target) {
        PlannedProbe p = Probing.plan(Probing.SITE + "probes:\n  - " + probe + "\n").probes().get(0);
        return new GuestCommands(ToolsConfig.DEFAULT).network(p, target);
    }

    @Test
    void openssl_connects_to_an_ipv6_address_in_brackets_and_checks_it_as_an_address() {
        // When a tls probe from a guest to an IPv6 address without a server name is built
        List<String> argv = argv("{id: t, from: lab-guest, to: 'fd00:10::153', kind: tls, port: 8443}", "/");

        // Then openssl gets a host:port it can read ('fd00:10::153:8443' is "malformed or ambiguous" to it), and the
        // address is verified against the IP SANs (-verify_hostname never matches an address)
        assertThat(argv).containsSubsequence("-connect", "[fd00:10::153]:8443")
                .containsSubsequence("-verify_ip", "fd00:10::153").doesNotContain("-verify_hostname");
    }

    @Test
    void an_ipv4_address_is_verified_as_an_address_and_a_name_as_a_name() {
        assertThat(argv("{id: t, from: lab-guest, to: 10.0.0.12, kind: tls, port: 8443}", "/"))
                .containsSubsequence("-connect", "10.0.0.12:8443").containsSubsequence("-verify_ip", "10.0.0.12");
        assertThat(argv("{id: t, from: lab-guest, to: 10.0.0.12, kind: tls, port: 8443, tls: {serverName: traefik.lab}}", "/"))
                .containsSubsequence("-servername", "traefik.lab", "-verify_hostname", "traefik.lab");
    }

    @Test
    void curl_connects_to_an_ipv6_address_in_brackets() {
        // When an https probe from a guest to an IPv6 address is built
        List<String> argv = argv("{id: h, from: lab-guest, to: 'fd00:10::10', kind: http, port: 9000, http: {path: /health}}",
                "/health");

        // Then curl's --connect-to has both hosts in brackets (without them it fails with 'No valid port number')
        assertThat(argv).containsSubsequence("--connect-to", "[fd00:10::10]:9000:[fd00:10::10]:9000")
                .contains("https://[fd00:10::10]:9000/health");
    }
}
