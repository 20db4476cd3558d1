package ai.thinkheads.droptrace.cli;

import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.common.VersionProvider;
import ai.thinkheads.droptrace.cli.alerts.AlertsCommand;
import ai.thinkheads.droptrace.cli.correlate.CorrelateCommand;
import ai.thinkheads.droptrace.cli.demo.DemoCommand;
import ai.thinkheads.droptrace.cli.ingest.IngestCommand;
import ai.thinkheads.droptrace.cli.parse.ParseCommand;
import ai.thinkheads.droptrace.cli.replay.ReplayCommand;
import ai.thinkheads.droptrace.cli.query.QueryCommand;
import ai.thinkheads.droptrace.cli.probe.ProbeCommand;
import ai.thinkheads.droptrace.cli.rules.RulesCommand;
import ai.thinkheads.droptrace.cli.trace.TraceCommand;
import ai.thinkheads.droptrace.cli.up.UpCommand;
import ai.thinkheads.droptrace.cli.verdicts.VerdictsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: a verb group with no logic of its own. */
@Command(
        name = "droptrace",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds out why one Proxmox VE guest cannot reach another: which firewall rule, in which "
                + "file, on which line - or, if not the firewall, what it is (service down, TLS trust, routing).",
        subcommands = {
            DemoCommand.class,
            IngestCommand.class,
            ReplayCommand.class,
            ParseCommand.class,
            CorrelateCommand.class,
            QueryCommand.class,
            AlertsCommand.class,
            VerdictsCommand.class,
            UpCommand.class,
            ProbeCommand.class,
            TraceCommand.class,
            RulesCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Run 'droptrace <command> --help' for the options of a command."})
public final class DroptraceCommand {

    /** A fully configured command line, as {@code bin/droptrace} and the tests run it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DroptraceCommand());
        ErrorHandler handler = new ErrorHandler();
        cli.setExecutionExceptionHandler(handler);
        cli.setParameterExceptionHandler(handler);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }
}
