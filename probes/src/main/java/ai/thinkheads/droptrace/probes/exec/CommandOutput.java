package ai.thinkheads.droptrace.probes.exec;

import java.util.List;

/**
 * What a command did: its exit code ({@code -1} when killed on timeout), its output (of a long one, each stream's
 * beginning and end), whether it timed out, and how long it ran.
 *
 * @param unreadBytes how many bytes of output were not kept: the middle of a stream longer than the bound
 */
public record CommandOutput(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut,
        long millis, long unreadBytes) {

    public CommandOutput {
        argv = List.copyOf(argv);
    }

    public CommandOutput(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut, long millis) {
        this(argv, exitCode, stdout, stderr, timedOut, millis, 0);
    }

    /** Both streams, stdout first. */
    public String combined() {
        return stdout + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n") + stderr;
    }
}
