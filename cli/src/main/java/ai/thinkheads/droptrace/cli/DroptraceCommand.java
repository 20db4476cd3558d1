package ai.thinkheads.droptrace.cli;

import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.common.Logging;
import ai.thinkheads.droptrace.cli.common.VersionProvider;
import ai.thinkheads.droptrace.cli.alerts.AlertsCommand;
import ai.thinkheads.droptrace.cli.completion.CompletionCommand;
import ai.thinkheads.droptrace.cli.correlate.CorrelateCommand;
import ai.thinkheads.droptrace.cli.demo.DemoCommand;
import ai.thinkheads.droptrace.cli.doctor.DoctorCommand;
import ai.thinkheads.droptrace.cli.ingest.IngestCommand;
import ai.thinkheads.droptrace.cli.parse.ParseCommand;
import ai.thinkheads.droptrace.cli.replay.ReplayCommand;
import ai.thinkheads.droptrace.cli.query.QueryCommand;
import ai.thinkheads.droptrace.cli.probe.ProbeCommand;
import ai.thinkheads.droptrace.cli.rules.RulesCommand;
import ai.thinkheads.droptrace.cli.trace.TraceCommand;
import ai.thinkheads.droptrace.cli.unparsed.UnparsedCommand;
import ai.thinkheads.droptrace.cli.up.UpCommand;
import ai.thinkheads.droptrace.cli.verdicts.VerdictsCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

/** The root command: a verb group with no logic of its own. */
@Command(
        name = "droptrace",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds out why one Proxmox VE guest cannot reach another: which firewall rule, in which "
                + "file, on which line - or, if not the firewall, what it is (service down, TLS trust, routing).",
        footer = {"", "Run 'droptrace <command> --help' for the options of a command."})
public final class DroptraceCommand {

    /** The subcommands, in the order the help lists them ({@code help} last). */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, DoctorCommand.class, IngestCommand.class,
            ReplayCommand.class, ParseCommand.class, CorrelateCommand.class, QueryCommand.class, AlertsCommand.class,
            VerdictsCommand.class, UnparsedCommand.class, UpCommand.class, ProbeCommand.class, TraceCommand.class,
            RulesCommand.class, CompletionCommand.class, HelpCommand.class);

    /** {@code droptrace -v doctor ...} as well as {@code droptrace doctor -v ...}: the verbosity is one for the process. */
    @Option(names = "-v", description = "Verbose, for the command that follows (as -v after it): more log output, and "
            + "stack traces on errors. Repeat for more (-vv).")
    void verbose(boolean[] flags) {
        Logging.setVerbosity(flags.length);
    }

    /** A fully configured command line with every subcommand (for the help, and the tests that list them). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * A fully configured command line for {@code args}, as {@code bin/droptrace} and the tests run it.
     * Picocli reads a command's options by reflection when it builds it, about a third of a second for
     * every subcommand together, at every start: when the first argument (after any {@code -v}) names a
     * subcommand, only that one is built; otherwise (no argument, an option, {@code help}, an unknown
     * word) all of them, so the help lists every command and a typo gets its suggestions.
     */
    public static CommandLine commandLine(String... args) {
        return commandLine(System.getenv(), args);
    }

    /**
     * As {@link #commandLine(String...)}, in the environment {@code env}. The help is in colour on a terminal, and
     * plain where {@code NO_COLOR} is set (picocli's own rule) or the terminal is {@code TERM=dumb} (Emacs' shell,
     * a serial console, a CI log shown as a terminal), which shows an escape sequence as the characters it is made of:
     * picocli coloured the help there, {@code Usage: ^[[1mdroptrace rules^[[21m^[[0m [^[[33m-hV^[[39m^[[0m]}.
     */
    static CommandLine commandLine(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new DroptraceCommand());
        int first = 0;
        while (first < args.length && args[first].matches("-v+")) {
            first++;
        }
        Class<?> only = first < args.length ? subcommandNamed(args[first]) : null;
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (only == null || only == subcommand) {
                cli.addSubcommand(subcommand);
            }
        }
        if ("dumb".equals(env.get("TERM"))) { // after the subcommands: it is set on each one too
            cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        }
        giveVersion(cli, new VersionProvider());
        ErrorHandler handler = new ErrorHandler();
        cli.setExecutionExceptionHandler(handler);
        cli.setParameterExceptionHandler(handler);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** The root's version to every subcommand, at every level: each lists {@code -V, --version} in its help. */
    private static void giveVersion(CommandLine command, VersionProvider version) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(version);
            }
            giveVersion(sub, version);
        }
    }

    /** The subcommand called {@code word} (its name or an alias), or {@code null}; {@code help} is not one here. */
    private static Class<?> subcommandNamed(String word) {
        for (Class<?> subcommand : SUBCOMMANDS) {
            Command command = subcommand.getAnnotation(Command.class);
            if (subcommand != HelpCommand.class
                    && (command.name().equals(word) || Arrays.asList(command.aliases()).contains(word))) {
                return subcommand;
            }
        }
        return null;
    }
}
