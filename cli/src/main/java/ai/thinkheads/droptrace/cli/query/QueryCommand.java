package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.HelpCommand;
import picocli.CommandLine.Command;

/** {@code droptrace query}: a verb group with no logic. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Asks a running 'droptrace correlate' (its query API) about pairs and top lists.",
        subcommands = {QueryPairCommand.class, QueryTopCommand.class, HelpCommand.class})
public final class QueryCommand {
}
