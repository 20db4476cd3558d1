package ai.thinkheads.droptrace.cli.unparsed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnparsedCountsTest {

    private static UnparsedLine dead(String reason, String source, long position) {
        return UnparsedLine.of(Instant.EPOCH, reason, "x", Origin.of(source, position));
    }

    @Test
    void reasons_are_counted_by_kind_with_their_quoted_values_left_out_most_first() {
        UnparsedCounts counts = new UnparsedCounts(UnparsedCounts.By.REASON);
        counts.add(dead("TTL is not a number: 'x'", "f", 7));
        counts.add(dead("no netfilter fields", "f", 8));
        counts.add(dead("TTL is not a number: '999z'", "g", 9));

        assertThat(UnparsedCounts.kind("bad timestamp '14/Mar/2025:9' and 'more'"))
                .isEqualTo("bad timestamp '…' and '…'");
        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.rows()).containsExactly(
                new UnparsedCounts.Row("TTL is not a number: '…'", 2, "f", 7),
                new UnparsedCounts.Row("no netfilter fields", 1, "f", 8));
    }

    @Test
    void beyond_the_most_kinds_told_apart_the_rest_are_others() {
        UnparsedCounts counts = new UnparsedCounts(UnparsedCounts.By.SOURCE);
        for (int k = 0; k < UnparsedCounts.MOST + 3; k++) {
            counts.add(dead("r", "udp://sender-" + k, k));
        }
        assertThat(counts.rows()).hasSize(UnparsedCounts.MOST + 1)
                .contains(new UnparsedCounts.Row(UnparsedCounts.OTHERS, 3, "udp://sender-" + UnparsedCounts.MOST,
                        UnparsedCounts.MOST));
    }
}
