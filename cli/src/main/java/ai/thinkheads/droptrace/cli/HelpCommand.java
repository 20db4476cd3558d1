package ai.thinkheads.droptrace.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code droptrace help [COMMAND [SUBCOMMAND]]}: the help of a command, also of one in a verb group
 * ({@code help ingest tail}), where picocli's own help command reads the first word only and prints the
 * group's help for {@code help ingest tail}. Every verb group has it too: {@code droptrace rules help check}.
 */
@Command(name = "help", helpCommand = true,
        description = "Displays the help of a command: 'droptrace help ingest tail', 'droptrace rules help check'.")
public final class HelpCommand implements IHelpCommandInitializable2, Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean helpRequested;

    /** As after every other command: 'help -V' printed the help of droptrace (the -V taken as a command's option). */
    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
    private boolean versionRequested;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and the subcommand of a verb group.")
    private List<String> commands = List.of();

    private CommandLine self;
    private PrintWriter out;
    private Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter outWriter,
            PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine command = self.getParent();
        for (String name : commands) {
            if (command.getSubcommands().isEmpty() || name.startsWith("-")) {
                break; // the rest is a command's options ('rules help check --output json'): its help covers them
            }
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(command, "unknown command '" + name + "'");
            }
            command = sub;
        }
        command.usage(out, colors);
        out.flush();
    }
}
