package ai.thinkheads.droptrace.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void counts_letters_added_left_out_or_changed_up_to_the_limit() {
        assertThat(EditDistance.within("ssl.truststore.locaton", "ssl.truststore.location", 3)).isEqualTo(1);
        assertThat(EditDistance.within("dport", "sport", 3)).isEqualTo(1);
        assertThat(EditDistance.within("kitten", "sitting", 5)).isEqualTo(3);
        assertThat(EditDistance.within("same", "same", 2)).isZero();
        assertThat(EditDistance.within("", "abc", 5)).isEqualTo(3);
    }

    @Test
    void stops_at_the_limit() {
        assertThat(EditDistance.within("kitten", "sitting", 2)).isEqualTo(2);
        assertThat(EditDistance.within("a", "abcdef", 3)).isEqualTo(3);
        assertThat(EditDistance.within("abcdef", "uvwxyz", 3)).isEqualTo(3);
    }
}
