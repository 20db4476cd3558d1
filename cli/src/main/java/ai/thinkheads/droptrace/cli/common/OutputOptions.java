package ai.thinkheads.droptrace.cli.common;

import picocli.CommandLine.Option;

/** {@link CommonOptions} and {@code --output}: for commands that print data, as a table or as JSON. */
public class OutputOptions extends CommonOptions {

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "Output format: text (aligned columns) or json. Default: ${DEFAULT-VALUE}.")
    private OutputFormat output;

    public OutputFormat output() {
        return output;
    }

    public boolean json() {
        return output == OutputFormat.JSON;
    }
}
