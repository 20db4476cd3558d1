package ai.thinkheads.droptrace.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountTest {

    @Test
    void one_is_singular_every_other_count_plural_and_grouped() {
        assertThat(Count.of(1, "line")).isEqualTo("1 line");
        assertThat(Count.of(0, "line")).isEqualTo("0 lines");
        assertThat(Count.of(1_234_567, "record")).isEqualTo("1,234,567 records");
        assertThat(Count.of(1, "skipped entry")).isEqualTo("1 skipped entry");
        assertThat(Count.of(312, "skipped entry")).isEqualTo("312 skipped entries");
        assertThat(Count.of(2, "day")).isEqualTo("2 days");
    }

    @Test
    void whole_numbers_are_grouped_and_anything_else_is_printed_as_it_is() {
        assertThat(Count.grouped(62_406L)).isEqualTo("62,406");
        assertThat(Count.grouped(-1)).isEqualTo("-1");
        assertThat(Count.grouped("udp://10.0.0.5 3")).isEqualTo("udp://10.0.0.5 3");
    }
}
