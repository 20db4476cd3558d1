package ai.thinkheads.droptrace.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {

    @Test
    void bidirectional_controls_are_shown_as_code_points_so_a_line_cannot_reorder_what_follows_it() {
        // Given: a chain name whose right-to-left override makes "10.0.0.12 ACCEPT" read backwards ("Trojan Source")
        String chain = "veth102i0-IN\u202e TPECCA 21.0.0.01\u202c";

        // When
        String shown = Terminal.visible(chain);

        // Then
        assertThat(shown).isEqualTo("veth102i0-IN\\u202e TPECCA 21.0.0.01\\u202c");
        for (int c : new int[] {0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
            0x061c}) {
            assertThat(Terminal.visible("a" + Character.toString(c) + "b")).as("U+%04X", c)
                    .isEqualTo(String.format("a\\u%04x" + "b", c));
        }
    }

    @Test
    void invisible_format_characters_and_line_separators_are_shown_and_the_supplementary_ones_in_eight_digits() {
        assertThat(Terminal.visible("ct1\u200b01")).isEqualTo("ct1\\u200b01");
        assertThat(Terminal.visible("\ufeff101 6")).isEqualTo("\\ufeff101 6");
        assertThat(Terminal.visible("ct10\u00ad1")).isEqualTo("ct10\\u00ad1");
        assertThat(Terminal.visible("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        assertThat(Terminal.visible("a\u200db")).as("a joiner between letters joins nothing").isEqualTo("a\\u200db");
        // a tag character, invisible text that rides along after a visible one
        assertThat(Terminal.visible("ok" + Character.toString(0xE0041))).isEqualTo("ok\\U000e0041");
    }

    @Test
    void printable_text_stays_as_it_is_emoji_sequences_and_accents_included() {
        String text = "Gr\u00fc\u00dfe e\u0301 \u4e2d\u6587 \ud83d\udd25 \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 "
                + "\u2764\ufe0f\u200d\ud83d\udd25 \u05e9\u05dc\u05d5\u05dd";
        assertThat(Terminal.visible(text)).isSameAs(text);
    }

    @Test
    void control_characters_are_still_shown_as_two_hex_digits() {
        assertThat(Terminal.visible("a\u001b[2Jb\nc\u009bd\u007f")).isEqualTo("a\\x1b[2Jb\\x0ac\\x9bd\\x7f");
    }
}
