package ai.thinkheads.droptrace.cli.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MustWorkFlowsTest {

    @Test
    void the_phoenix_probe_configuration_names_the_flows_its_guest_probes_check() {
        // When
        var flows = MustWorkFlows.of(ConfigLoader.load(Path.of("..", "deploy", "phoenix", "phoenix.yaml")));
        // Then: guest-to-guest and guest-to-host probes; exec, file and local probes have no flow
        assertThat(flows).contains(
                new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 80),
                new FlowKey("10.0.0.153", "10.0.0.12", "tcp", 8443),
                new FlowKey("10.0.0.12", "10.0.0.10", "tcp", 9000),
                new FlowKey("10.0.0.10", "10.0.0.13", "udp", 53),
                new FlowKey("10.0.0.10", "10.0.0.13", "tcp", 53));
        assertThat(flows).noneMatch(f -> f.source().equals("-") || f.port() == 0);
        assertThat(flows).as("two probes share a flow with another").hasSize(10);
    }
}
