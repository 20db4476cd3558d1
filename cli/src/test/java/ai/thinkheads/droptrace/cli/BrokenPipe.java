package ai.thinkheads.droptrace.cli;

import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import picocli.CommandLine;

/** A stdout whose reader went away ({@code droptrace ... | head -1}): every write and flush fails as a broken pipe. */
public final class BrokenPipe {

    private BrokenPipe() {
    }

    public static PrintWriter stdout() {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] text, int offset, int length) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void close() {
            }
        }, true);
    }

    /** What a command said on stderr and its exit code, run as {@code droptrace ARGS | head -1} whose head is gone. */
    public record Run(int exitCode, String err) {
    }

    /** Runs {@code args} in this JVM, as {@code droptrace} would, into {@link #stdout()}. */
    public static Run run(String... args) {
        CommandLine cli = DroptraceCommand.commandLine(args);
        cli.setOut(stdout());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int exitCode = ErrorHandler.execute(cli, args);
        return new Run(exitCode, err.toString());
    }
}
