package ai.thinkheads.droptrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the real {@code droptrace} command line in memory and captures stdout, stderr and the exit code. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        CommandLine cli = DroptraceCommand.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** As {@link #of}, with {@code input} as the process's stdin for the run. */
    public static CliRun withStdin(byte[] input, String... args) {
        return withStdin(new java.io.ByteArrayInputStream(input), args);
    }

    /** As {@link #of}, with {@code input} as the process's stdin for the run (a pipe of a given behaviour). */
    public static synchronized CliRun withStdin(java.io.InputStream input, String... args) {
        java.io.InputStream before = System.in;
        System.setIn(input);
        try {
            return of(args);
        } finally {
            System.setIn(before);
        }
    }
}
