package ai.thinkheads.droptrace.core.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAddressWarningTest {

    @Test
    void a_hypervisor_config_without_the_hosts_address_is_a_warning_not_a_silent_made_up_host(@TempDir Path dir)
            throws IOException {
        // Given: the address written as a list (as dns_nameservers is), which the generators do not read either
        Files.writeString(dir.resolve("phoenix_hypervisor_config.json"), """
                {"network": {"interfaces": {"name": "vmbr0", "address": ["10.0.0.13/24"]}},
                 "firewall": {"enabled": true, "default_input_policy": "DROP", "global_firewall_rules": []}}
                """);

        // When
        PhoenixSite site = PhoenixEtcReader.read(dir, null);

        // Then
        assertThat(site.host().addresses()).isEmpty();
        assertThat(site.warnings()).extracting(ParseWarning::file, ParseWarning::line, ParseWarning::message).contains(
                org.assertj.core.groups.Tuple.tuple("phoenix_hypervisor_config.json", 1, ".network.interfaces.address is "
                        + "missing or not an address: the host's address is unknown, so rules check cannot ping or resolve "
                        + "from the host (class 6) and trace uses a made-up host address (give --host-address)"));
    }

    @Test
    void the_sample_sites_name_their_host_and_get_no_such_warning() {
        // When
        PhoenixSite site = PhoenixEtcReader.read(PhoenixSamples.NEW_LAYOUT, null);

        // Then
        assertThat(site.host().address()).isEqualTo("10.0.0.13");
        assertThat(site.warnings()).extracting(ParseWarning::message).noneMatch(m -> m.contains("host's address is unknown"));
    }
}
