package ai.thinkheads.droptrace.cli.rules;

import picocli.CommandLine.Command;

/** {@code droptrace rules}: a verb group with no logic of its own. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Checks a firewall configuration and turns its logging on.",
        subcommands = {RulesCheckCommand.class, EnableLoggingCommand.class, RulesVerifyCommand.class, RulesDriftCommand.class,
            PublishRulesCommand.class})
public final class RulesCommand {
}
