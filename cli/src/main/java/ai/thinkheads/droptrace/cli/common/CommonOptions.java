package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.core.topic.Namespace;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command shares, mixed into each leaf command. */
public final class CommonOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to use. Default: an embedded single-node broker started for this command.")
    private String bootstrapServers;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "Topic namespace: topics are droptrace.<NAME>.<topic>. Default: live.")
    private String namespace;

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    private int verbosity;

    @Option(names = "-v", description = "Verbose: more log output, and stack traces on errors. Repeat for more (-vv).")
    void verbose(boolean[] flags) {
        verbosity = flags.length;
        Logging.setVerbosity(verbosity);
    }

    /** The bootstrap servers given, or {@code null} for the embedded broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Namespace namespace() {
        return namespaceOr(Namespace.LIVE.name());
    }

    /** The namespace given, or {@code fallback} when none was; a bad name is a usage error. */
    public Namespace namespaceOr(String fallback) {
        String name = namespace == null ? fallback : namespace;
        try {
            return Namespace.of(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    public boolean namespaceGiven() {
        return namespace != null;
    }

    public OutputFormat output() {
        return output;
    }

    public boolean json() {
        return output == OutputFormat.JSON;
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
}
