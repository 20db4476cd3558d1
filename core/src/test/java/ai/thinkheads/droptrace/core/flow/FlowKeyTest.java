package ai.thinkheads.droptrace.core.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlowKeyTest {

    @Test
    void an_ipv6_flow_key_survives_its_wire_form() {
        // Given
        FlowKey key = new FlowKey("fd00:10::153", "fd00:10::12", "TCP", 8443);
        // When
        FlowKey back = FlowKey.decode(key.encode());
        // Then
        assertThat(back).isEqualTo(key);
        assertThat(key.encode()).isEqualTo("fd00:10::153|fd00:10::12|tcp|8443");
        assertThat(back.pair()).isEqualTo(new PairKey("fd00:10::153", "fd00:10::12"));
    }

    @Test
    void a_flow_key_with_too_few_parts_is_rejected_with_the_reason() {
        assertThatThrownBy(() -> FlowKey.decode("10.0.0.1|10.0.0.2|tcp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 '|'-separated parts");
        assertThatThrownBy(() -> FlowKey.decode("10.0.0.1|10.0.0.2|tcp|x"))
                .hasMessageContaining("port is not a number");
        assertThatThrownBy(() -> new FlowKey("a", "b", "tcp", 70000)).hasMessageContaining("0-65535");
    }

    @Test
    void a_pair_key_round_trips_and_refuses_a_separator_in_an_address() {
        assertThat(PairKey.decode("10.0.0.153|10.0.0.12")).isEqualTo(new PairKey("10.0.0.153", "10.0.0.12"));
        assertThatThrownBy(() -> PairKey.decode("a|b|c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairKey("a|b", "c")).isInstanceOf(IllegalArgumentException.class);
    }
}
