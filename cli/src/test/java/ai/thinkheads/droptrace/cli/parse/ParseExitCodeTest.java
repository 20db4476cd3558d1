package ai.thinkheads.droptrace.cli.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.BrokenPipe;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.DroptraceCommand;
import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** parse's exit code is the same whether its failures are text or JSON: the JSON is for scripts, which read the code. */
class ParseExitCodeTest {

    private static final String DROP = "100 6 tap100i0-IN 14/Mar/2025:09:13:02 +0100 policy DROP: IN=fwbr100i0 "
            + "SRC=198.51.100.7 DST=192.0.2.100 LEN=44 PROTO=UDP SPT=1 DPT=23 LEN=24";

    @TempDir
    Path dir;

    @Test
    void firewall_lines_all_outside_from_and_until_or_blank_lines_alone_are_no_wrong_file_in_either_form() throws Exception {
        // Given: firewall lines of 2025 and a window in 2030; and a file of blank lines
        Path log = Files.writeString(dir.resolve("fw.log"), DROP + "\n" + DROP + "\n");
        Path blank = Files.writeString(dir.resolve("blank.log"), "\n  \n\n");
        for (String[] args : new String[][] {{"parse", log.toString(), "--from", "2030-01-01T00:00:00Z"},
            {"parse", blank.toString()}}) {
            // When
            CliRun text = CliRun.of(args);
            CliRun json = CliRun.of(concat(args, "--failures", "json"));
            // Then: both 0, as the text form always said
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(json.exitCode()).as(json.err()).isZero();
        }
    }

    @Test
    void firewall_lines_all_outside_from_and_until_beside_a_line_that_is_none_are_no_wrong_file() throws Exception {
        // Given: firewall lines of 2025, one line of something else (a log's usual stray line), a window in 2030
        Path log = Files.writeString(dir.resolve("fw.log"), DROP + "\n" + DROP + "\nstray text\n");
        String[] args = {"parse", log.toString(), "--from", "2030-01-01T00:00:00Z"};
        // When
        CliRun text = CliRun.of(args);
        CliRun json = CliRun.of(concat(args, "--failures", "json"));
        // Then: the firewall lines were read, the window left them out: 0, not 9 and "is it the right file?"
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.err()).doesNotContain("right file");
        assertThat(json.exitCode()).as(json.err()).isZero();
    }

    @Test
    void lines_none_of_which_is_a_firewall_line_are_exit_9_in_either_form() throws Exception {
        // Given
        Path wrong = Files.writeString(dir.resolve("auth.log"), "Mar 14 09:12:44 pve1 sshd[12]: Accepted publickey\n");
        // When
        CliRun text = CliRun.of("parse", wrong.toString());
        CliRun json = CliRun.of("parse", wrong.toString(), "--failures", "json");
        // Then
        assertThat(text.exitCode()).isEqualTo(9);
        assertThat(json.exitCode()).isEqualTo(9);
    }

    @Test
    void a_reader_of_the_json_failures_that_went_away_ends_it_as_one_of_stdout_does() throws Exception {
        // Given a wrong file whose failures a script reads as JSON off stderr and stops reading
        // (droptrace parse --failures json auth.log 2>&1 >/dev/null | head -1)
        Path wrong = Files.writeString(dir.resolve("auth.log"),
                "Mar 14 09:12:44 pve1 sshd[12]: Accepted publickey\n".repeat(5_000));
        String[] args = {"parse", wrong.toString(), "--failures", "json"};
        CommandLine cli = DroptraceCommand.commandLine(args);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(BrokenPipe.stdout());

        // When
        int exitCode = ErrorHandler.execute(cli, args);

        // Then: 141, as for a closed stdout; before, it read on to the end and said 9 to nobody
        assertThat(exitCode).isEqualTo(ExitCodes.STDOUT_CLOSED);
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
