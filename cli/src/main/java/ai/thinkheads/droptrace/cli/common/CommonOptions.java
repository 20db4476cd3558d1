package ai.thinkheads.droptrace.cli.common;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command has ({@code -v}) and where it prints. A command mixes in this, or
 * {@link OutputOptions} when it prints data as text or JSON, or {@link KafkaOptions} when it uses
 * Kafka: each command shows and accepts only the options it acts on.
 */
public class CommonOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private int verbosity;

    @Option(names = "-v", description = "Verbose: more log output, and stack traces on errors. Repeat for more (-vv).")
    void verbose(boolean[] flags) {
        verbosity = flags.length;
        Logging.setVerbosity(verbosity);
    }

    public int verbosity() {
        return verbosity;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The command these options belong to (for usage errors). */
    protected CommandSpec spec() {
        return spec;
    }
}
