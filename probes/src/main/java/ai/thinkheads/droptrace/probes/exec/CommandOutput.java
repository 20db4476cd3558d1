package ai.thinkheads.droptrace.probes.exec;

import java.util.List;

/**
 * What a command did: its exit code ({@code -1} when killed on timeout), its output (each stream
 * cut at a bound), whether it timed out, and how long it ran.
 */
public record CommandOutput(List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut,
        long millis) {

    public CommandOutput {
        argv = List.copyOf(argv);
    }

    /** Both streams, stdout first. */
    public String combined() {
        return stdout + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n") + stderr;
    }
}
