package ai.thinkheads.droptrace.cli.ingest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code droptrace ingest}: the live ways in. A verb group with no logic. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Ingests live firewall logs into Kafka: follow a file, or receive syslog.",
        subcommands = {TailCommand.class, ListenCommand.class, CommandLine.HelpCommand.class})
public final class IngestCommand {
}
