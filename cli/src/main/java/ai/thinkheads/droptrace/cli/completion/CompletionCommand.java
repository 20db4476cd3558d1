package ai.thinkheads.droptrace.cli.completion;

import ai.thinkheads.droptrace.cli.DroptraceCommand;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code droptrace completion}: a bash completion script for every command, subcommand, option and option value
 * (the enumerated ones: {@code --output text|json}, a probe's kind, ...), written by picocli from the same command
 * model the help is written from, so it cannot fall behind the commands. zsh reads it through {@code bashcompinit}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a bash completion script for droptrace's commands, options and option values.",
                "Load it in this shell with 'source <(droptrace completion)', or for every shell with "
                        + "'droptrace completion > /etc/bash_completion.d/droptrace'. zsh: run "
                        + "'autoload -U +X bashcompinit && bashcompinit' first."})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        // the whole command line: the one this command runs in was built with this subcommand only (a faster start)
        String script = lowerCaseValues(AutoComplete.bash("droptrace", DroptraceCommand.commandLine()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        out.flush();
        return 0;
    }

    /** One line of the script that lists an option's values: {@code local x_option_args=("TEXT" "JSON") # --output values}. */
    private static final Pattern VALUES = Pattern.compile("(?m)^(\\s*local \\w+_option_args=\\()(.*)(\\) # .*)$");

    /**
     * The values offered in lower case, as the docs write them ({@code --output json}): picocli offers an enum's
     * constants as named ({@code TEXT JSON}); every option of droptrace takes its values in any case.
     */
    static String lowerCaseValues(String script) {
        return VALUES.matcher(script).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + m.group(2).toLowerCase(Locale.ROOT) + m.group(3)));
    }
}
