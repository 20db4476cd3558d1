package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParseWarningTest {

    @Test
    void a_warning_about_a_line_names_it_and_one_about_the_file_names_the_file_alone() {
        // Given
        ParseWarning line = new ParseWarning("firewall/101.fw", 12, "IN FOO", "unknown rule type 'FOO'; line skipped");
        ParseWarning file = new ParseWarning("phoenix_lxc_configs.json", 0, "", "phoenix_lxc_configs.json not found");
        // When / Then
        assertThat(line.describe()).isEqualTo("firewall/101.fw:12: unknown rule type 'FOO'; line skipped");
        assertThat(file.describe()).isEqualTo("phoenix_lxc_configs.json: phoenix_lxc_configs.json not found");
    }
}
