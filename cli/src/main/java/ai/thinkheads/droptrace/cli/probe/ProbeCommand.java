package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.HelpCommand;
import picocli.CommandLine.Command;

/** {@code droptrace probe}: a verb group with no logic. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Checks the paths that should work (TCP, UDP, DNS, TLS, HTTP, commands and files in guests) "
                + "and says precisely how each fails.",
        subcommands = {ProbeRunCommand.class, ProbeListCommand.class, ProbeReplayCommand.class, HelpCommand.class})
public final class ProbeCommand {
}
