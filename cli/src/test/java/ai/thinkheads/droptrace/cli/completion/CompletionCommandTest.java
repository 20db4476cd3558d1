package ai.thinkheads.droptrace.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.DroptraceCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CompletionCommandTest {

    @TempDir
    Path dir;

    @Test
    void the_script_completes_commands_subcommands_options_and_values_in_a_real_bash() throws Exception {
        // Given: the script droptrace prints, loaded into bash
        CliRun run = CliRun.of("completion");
        assertThat(run.exitCode()).isZero();
        Path script = Files.writeString(dir.resolve("droptrace.bash"), run.out());

        // When: bash asks it, as it does at a Tab, for four partial command lines
        String out = complete(script, "droptrace in", "droptrace rules ", "droptrace verdicts --out",
                "droptrace verdicts --output ");

        // Then: every command is there (not only the one the command line was built with), in the docs' words
        assertThat(out.lines()).containsExactly(
                "droptrace in -> ingest",
                "droptrace rules  -> check enable-logging verify drift publish help",
                "droptrace verdicts --out -> --output",
                "droptrace verdicts --output  -> text json");
    }

    @Test
    void every_value_offered_for_an_option_is_one_the_option_takes() throws Exception {
        // Given: the values the script offers, option by option, over every command
        String script = CliRun.of("completion").out();
        List<String> checked = new ArrayList<>();

        // When / Then: each, as offered (lower case), converts with the option's own converter or its enum
        for (CommandLine command : all(DroptraceCommand.commandLine())) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (option.completionCandidates() == null) {
                    continue;
                }
                for (String value : option.completionCandidates()) {
                    String offered = value.toLowerCase(Locale.ROOT);
                    assertThat(script).contains("\"" + offered + "\"");
                    assertThat(converts(option, offered)).as(command.getCommandName() + " " + option.longestName()
                            + " " + offered).isTrue();
                    checked.add(offered);
                }
            }
        }
        assertThat(checked).contains("json", "at_least_once", "info");
        assertThat(script).doesNotContain("\"JSON\"");
    }

    @Test
    void only_the_lists_of_values_are_put_in_lower_case() {
        String script = "  local textjson_option_args=(\"TEXT\" \"JSON\") # --output values\n"
                + "  local commands=\"Probe RUN\"\n";

        assertThat(CompletionCommand.lowerCaseValues(script)).isEqualTo(
                "  local textjson_option_args=(\"text\" \"json\") # --output values\n  local commands=\"Probe RUN\"\n");
    }

    private static boolean converts(OptionSpec option, String value) throws Exception {
        CommandLine.ITypeConverter<?>[] converters = option.converters();
        if (converters != null && converters.length > 0) {
            try {
                return converters[0].convert(value) != null;
            } catch (CommandLine.TypeConversionException e) {
                return false;
            }
        }
        Class<?> type = option.type();
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.getSubcommands().values()) {
            all.addAll(all(sub));
        }
        return all;
    }

    /** What the script's completion function answers for each partial line, one "line -> words" per line. */
    private String complete(Path script, String... lines) throws IOException, InterruptedException {
        StringBuilder bash = new StringBuilder("source '" + script + "' 2>/dev/null\n"
                + "try() { read -r -a COMP_WORDS <<< \"$1\"; [[ \"$1\" == *' ' ]] && COMP_WORDS+=(''); "
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE=\"$1\"; COMP_POINT=${#1}; COMPREPLY=(); "
                + "_complete_droptrace 2>/dev/null; echo \"$1 -> ${COMPREPLY[*]}\"; }\n");
        for (String line : lines) {
            bash.append("try '").append(line).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("try.bash"), bash);
        Process process = new ProcessBuilder("bash", "--norc", "--noprofile", file.toString())
                .redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bash did not end in 60 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
