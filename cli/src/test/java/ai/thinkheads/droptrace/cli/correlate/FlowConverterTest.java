package ai.thinkheads.droptrace.cli.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** A must-work flow is compared with the flows of log lines, so it must hold addresses as the log writes them. */
class FlowConverterTest {

    private final FlowConverter converter = new FlowConverter();

    @Test
    void ipv6_addresses_are_read_in_the_form_the_log_writes_them() {
        // When
        FlowKey flow = converter.convert("FD00:10:0:0::153,fd00:0010::0012,TCP,8443");
        // Then
        assertThat(flow).isEqualTo(new FlowKey("fd00:10::153", "fd00:10::12", "tcp", 8443));
    }

    @Test
    void a_source_or_destination_that_is_not_an_address_is_refused() {
        // When / Then
        assertThatThrownBy(() -> converter.convert("nginx,10.0.0.12,tcp,8443"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("'nginx' is not an IP address");
        assertThatThrownBy(() -> converter.convert("10.0.0.153,10.0.0.12/32,tcp,8443"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("'10.0.0.12/32' is not an IP address");
    }
}
