package ai.thinkheads.droptrace.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void a_cell_with_an_escape_sequence_is_printed_with_it_shown_and_the_columns_stay_aligned() {
        // Given: a chain name as a log line may carry it, with a clear-screen and a colour sequence
        TextTable table = new TextTable("chain", "drops").row("veth102i0-IN\u001b[2J\u001b[31m", 1).row("short", 22);
        StringWriter text = new StringWriter();

        // When
        table.print(new PrintWriter(text));

        // Then
        assertThat(text.toString()).doesNotContain("\u001b");
        assertThat(text.toString().lines()).containsExactly(
                "CHAIN                        DROPS",
                "veth102i0-IN\\x1b[2J\\x1b[31m  1",
                "short                        22");
    }
}
