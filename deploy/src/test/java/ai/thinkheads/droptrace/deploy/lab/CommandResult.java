package ai.thinkheads.droptrace.deploy.lab;

import java.util.List;
import java.util.Objects;

/**
 * How one bounded command ended.
 *
 * @param exitCode the exit code, or -1 when it was killed for running too long
 * @param timedOut whether it was killed at its deadline
 */
public record CommandResult(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** One line for assertion messages and logs. */
    public String describe() {
        return String.join(" ", command) + " -> " + (timedOut ? "timed out" : "exit " + exitCode)
                + (stderr.isBlank() ? "" : " (" + stderr.strip().replace('\n', ' ') + ")");
    }
}
