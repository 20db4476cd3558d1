package ai.thinkheads.droptrace.probes.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    /** A command that ends itself by SIGTERM, as a guest tool does when systemd stops the unit's whole cgroup. */
    private static final List<String> KILLED_BY_TERM = List.of("sh", "-c", "kill -TERM $$; sleep 5");

    private static CommandOutput run(CommandRunner runner, List<String> argv) {
        return runner.run(argv, new byte[0], Duration.ofSeconds(20));
    }

    @Test
    void of_a_long_output_the_beginning_and_the_end_are_kept_and_the_middle_is_counted() {
        // Given a command that prints about 1.3 MB, its last line at the very end (as the newest line of a log)
        List<String> argv = List.of("sh", "-c", "seq 1 200000; echo LAST-LINE");

        // When
        CommandOutput out = run(new CommandRunner(), argv);

        // Then
        assertThat(out.stdout()).startsWith("1\n2\n").endsWith("LAST-LINE\n");
        assertThat(out.unreadBytes()).isPositive();
        assertThat(out.stdout().length() + out.unreadBytes()).isGreaterThan(1_200_000);
    }

    @Test
    void a_command_ended_by_sigterm_while_droptrace_stops_is_cut_short_not_a_result() {
        CommandRunner runner = new CommandRunner().cutShortWhen(() -> true);

        assertThatThrownBy(() -> run(runner, KILLED_BY_TERM)).isInstanceOf(CutByStop.class)
                .hasMessage("sh ended by SIGTERM at the stop");
    }

    @Test
    void the_stop_noticed_just_after_the_command_ended_still_cuts_it_short() {
        // The signal reaches the command and droptrace at once; droptrace's stop flag may follow a moment later
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stop = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopping.set(true);
        });
        CommandRunner runner = new CommandRunner(Duration.ofSeconds(30)).cutShortWhen(stopping::get);
        stop.start();

        assertThatThrownBy(() -> run(runner, KILLED_BY_TERM)).isInstanceOf(CutByStop.class);
    }

    @Test
    void without_a_stop_a_command_ended_by_a_signal_is_reported_with_its_exit_code() {
        CommandOutput plain = run(new CommandRunner(), KILLED_BY_TERM);
        CommandOutput notStopping = run(new CommandRunner(Duration.ofMillis(100)).cutShortWhen(() -> false), KILLED_BY_TERM);

        assertThat(plain.exitCode()).isEqualTo(143);
        assertThat(plain.timedOut()).isFalse();
        assertThat(notStopping.exitCode()).isEqualTo(143);
    }

    @Test
    void a_command_that_fails_on_its_own_during_a_stop_is_still_a_result() {
        CommandOutput out = run(new CommandRunner().cutShortWhen(() -> true), List.of("sh", "-c", "echo no route >&2; exit 1"));

        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stderr()).isEqualTo("no route\n");
    }

    @Test
    void only_the_exit_codes_of_the_signals_a_stop_sends_name_a_signal() {
        assertThat(CommandRunner.stopSignal(129)).isEqualTo("SIGHUP");
        assertThat(CommandRunner.stopSignal(130)).isEqualTo("SIGINT");
        assertThat(CommandRunner.stopSignal(143)).isEqualTo("SIGTERM");
        assertThat(CommandRunner.stopSignal(137)).isEqualTo("SIGKILL"); // a stopped --once kills what ignores SIGTERM
        assertThat(List.of(0, 1, 2, 124, 126, 127, 128, 255)).allSatisfy(code ->
                assertThat(CommandRunner.stopSignal(code)).isNull());
    }
}
