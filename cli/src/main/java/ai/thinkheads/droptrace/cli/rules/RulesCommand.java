package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.HelpCommand;
import picocli.CommandLine.Command;

/** {@code droptrace rules}: a verb group with no logic of its own. */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Checks a firewall configuration, verifies the paths a probe configuration needs through it, "
                + "compares it with what a Phoenix etc/ folder declares, turns its logging on, and publishes it to Kafka "
                + "for the correlator.",
        subcommands = {RulesCheckCommand.class, EnableLoggingCommand.class, RulesVerifyCommand.class, RulesDriftCommand.class,
            PublishRulesCommand.class, HelpCommand.class})
public final class RulesCommand {
}
