package ai.thinkheads.droptrace.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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

    @Test
    void a_cell_with_a_bidirectional_override_is_printed_with_it_shown_and_the_columns_stay_aligned() {
        // Given: a chain name as a hostile log line may carry it, reversing what the terminal shows after it
        TextTable table = new TextTable("chain", "rule").row("veth102i0-IN\u202e", "firewall/102.fw:5").row("short", "-");
        StringWriter text = new StringWriter();

        // When
        table.print(new PrintWriter(text));

        // Then
        assertThat(text.toString()).doesNotContain("\u202e");
        assertThat(text.toString().lines()).containsExactly(
                "CHAIN" + " ".repeat(15) + "RULE",
                "veth102i0-IN\\u202e  firewall/102.fw:5",
                "short" + " ".repeat(15) + "-");
    }

    @Test
    void a_followed_row_is_printed_under_the_table_in_its_columns() {
        // Given: a table printed at start
        TextTable table = new TextTable("chain", "drops", "rule").row("veth102i0-IN", 1, "102.fw:4");
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));

        // When: rows followed, one shorter and one wider than the columns
        table.printFollowed(new PrintWriter(text), "tap100i0-IN", 22, "100.fw:7");
        table.printFollowed(new PrintWriter(text), "a-much-longer-chain-name", 3, "100.fw:9");

        // Then: the columns do not move; the wide cell pushes only the rest of its own row
        assertThat(text.toString().lines()).containsExactly(
                "CHAIN         DROPS  RULE",
                "veth102i0-IN  1      102.fw:4",
                "tap100i0-IN   22     100.fw:7",
                "a-much-longer-chain-name  3      100.fw:9");
    }

    @Test
    void a_row_followed_when_no_table_was_printed_comes_after_the_header() {
        // Given: nothing printed at start
        TextTable table = new TextTable("chain", "drops");
        StringWriter text = new StringWriter();

        // When
        table.printFollowed(new PrintWriter(text), "veth102i0-IN\u001b[2J", 1);
        table.printFollowed(new PrintWriter(text), "short", 22);

        // Then: the header once, the columns as wide as it and the first row, control characters shown
        assertThat(text.toString().lines()).containsExactly(
                "CHAIN                DROPS",
                "veth102i0-IN\\x1b[2J  1",
                "short                22");
    }

    @Test
    void cells_of_wide_characters_and_combining_marks_are_aligned_by_the_columns_a_terminal_shows() {
        // Given: a CJK chain name (two columns a character), an accent written as a combining mark (none), an emoji
        TextTable table = new TextTable("chain", "drops").row("\u9632\u706b\u5899", 1).row("e\u0301te", 2)
                .row("\uD83D\uDD25fw", 3);
        StringWriter text = new StringWriter();

        // When
        table.print(new PrintWriter(text));

        // Then: DROPS and its numbers start at terminal column 8 on every line
        assertThat(text.toString().lines()).containsExactly(
                "CHAIN   DROPS",
                "\u9632\u706b\u5899  1",
                "e\u0301te     2",
                "\uD83D\uDD25fw    3");
    }

    @Test
    void followed_rows_sized_before_the_first_keep_to_the_widest_known_cells() {
        // Given: the cells to come known at start (a schedule's probes), nothing printed yet
        TextTable table = new TextTable("probe", "port").followedAsWideAs(List.<Object[]>of(
                new Object[] {"portainer-to-drphoenix-agent", 9001}, new Object[] {"web", null}));
        StringWriter text = new StringWriter();

        // When: the short one comes first
        table.printFollowed(new PrintWriter(text), "web", 80);
        table.printFollowed(new PrintWriter(text), "portainer-to-drphoenix-agent", 9001);

        // Then: the header once, in the columns of the widest
        assertThat(text.toString().lines()).containsExactly(
                "PROBE                         PORT",
                "web                           80",
                "portainer-to-drphoenix-agent  9001");
    }
}
