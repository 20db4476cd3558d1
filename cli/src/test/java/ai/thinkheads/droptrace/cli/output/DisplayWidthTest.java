package ai.thinkheads.droptrace.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayWidthTest {

    @Test
    void wide_and_fullwidth_characters_take_two_columns_marks_and_joiners_none_the_rest_one() {
        // Given / When / Then
        assertThat(DisplayWidth.of("veth102i0-IN")).isEqualTo(12);
        assertThat(DisplayWidth.of("\u9632\u706b\u5899")).as("CJK ideographs").isEqualTo(6);
        assertThat(DisplayWidth.of("\ud55c\uad6d")).as("Hangul syllables").isEqualTo(4);
        assertThat(DisplayWidth.of("\uff21\uff22")).as("fullwidth Latin").isEqualTo(4);
        assertThat(DisplayWidth.of("\uD83D\uDD25")).as("an emoji outside the BMP").isEqualTo(2);
        assertThat(DisplayWidth.of("e\u0301")).as("a combining acute accent").isEqualTo(1);
        assertThat(DisplayWidth.of("a\u200db")).as("a zero-width joiner").isEqualTo(2);
        assertThat(DisplayWidth.of("\u00e9\u00df\u00fc")).as("Latin-1 letters").isEqualTo(3);
    }
}
