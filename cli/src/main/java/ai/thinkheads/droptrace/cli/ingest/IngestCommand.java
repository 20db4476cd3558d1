package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.HelpCommand;
import picocli.CommandLine.Command;

/** {@code droptrace ingest}: the live ways in. A verb group with no logic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingests live firewall logs into Kafka: follow a file, or receive syslog.",
        subcommands = {TailCommand.class, ListenCommand.class, HelpCommand.class})
public final class IngestCommand {
}
