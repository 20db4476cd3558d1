package ai.thinkheads.droptrace.core.firewall.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A section header of another file kind opens no section in pve-firewall: the lines after it stay in the section
 * before, which the warning says, since they apply there.
 */
class SectionOfAnotherFileTest {

    @Test
    void a_security_group_in_a_guest_file_says_its_rules_stay_rules_of_the_guest() {
        // Given
        String text = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22\n[group web]\nIN ACCEPT -p tcp -dport 80\n";

        // When
        FwFile f = FwFileParser.parse("100.fw", FileKind.GUEST, 100, null, text);

        // Then: the rule below the header is compiled into guest 100's chain, not into a group
        assertThat(f.rules()).extracting(Rule::line).containsExactly(5, 7);
        assertThat(f.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(6);
            assertThat(w.message()).isEqualTo("skip line - [group web] is a section of cluster.fw only: pve-firewall "
                    + "opens no section here, so the lines after it are read as [RULES] of this file");
        });
    }

    @Test
    void an_ipset_or_aliases_in_host_fw_says_where_the_lines_after_it_go() {
        // Given
        String text = "[OPTIONS]\nenable: 1\n[IPSET admins]\n10.0.0.2\n[ALIASES]\n";

        // When
        FwFile f = FwFileParser.parse("host.fw", FileKind.HOST, null, "n1", text);

        // Then
        assertThat(f.warnings()).extracting(ParseWarning::message).containsExactly(
                "skip line - [IPSET admins] is a section of cluster.fw and guest files only: pve-firewall opens no "
                        + "section here, so the lines after it are read as [OPTIONS] of this file",
                "can't parse option '10.0.0.2'",
                "skip line - [ALIASES] is a section of cluster.fw and guest files only: pve-firewall opens no "
                        + "section here, so the lines after it are read as [OPTIONS] of this file");
    }
}
