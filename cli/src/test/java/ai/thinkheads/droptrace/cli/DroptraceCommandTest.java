package ai.thinkheads.droptrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.Logging;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;

class DroptraceCommandTest {

    @Test
    void help_lists_the_subcommands_and_exits_zero() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: droptrace", "demo", "correlate", "query", "alerts", "help");
    }

    @Test
    void v_is_taken_before_the_command_as_after_it() {
        // Given 'droptrace -v rules check' of a directory that is not there (it was 'Unknown option: -v')
        CliRun quiet = CliRun.of("rules", "check", "--config-dir", "/nonexistent-droptrace-dir");

        // When
        CliRun verbose;
        try {
            verbose = CliRun.of("-v", "rules", "check", "--config-dir", "/nonexistent-droptrace-dir");
        } finally {
            Logging.setVerbosity(0); // stack traces in log lines off again for the tests after this one
        }

        // Then: the same error, with its stack trace as -v asks
        assertThat(verbose.exitCode()).as(verbose.err()).isEqualTo(quiet.exitCode()).isNotZero();
        assertThat(verbose.err()).doesNotContain("Unknown option").startsWith(quiet.err().lines().findFirst().orElseThrow())
                .contains("\tat ai.thinkheads.droptrace.");
        assertThat(quiet.err()).doesNotContain("\tat ");
        assertThat(CliRun.of("--help").out()).contains("-v ");
    }

    @Test
    void every_subcommand_has_help() {
        for (var sub : DroptraceCommand.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) {
                continue;
            }
            CliRun run = CliRun.of(sub, "--help");
            assertThat(run.exitCode()).as(sub).isZero();
            assertThat(run.out()).as(sub).contains("Usage: droptrace " + sub);
        }
    }

    @Test
    void every_query_subcommand_has_help() {
        for (String sub : new String[] {"pair", "top"}) {
            CliRun run = CliRun.of("query", sub, "--help");
            assertThat(run.exitCode()).as(sub).isZero();
            assertThat(run.out()).as(sub).contains("Usage: droptrace query " + sub, "--api", "--since");
        }
    }

    @Test
    void help_with_a_verb_group_and_its_subcommand_gives_the_help_of_the_subcommand() {
        // When
        CliRun tail = CliRun.of("help", "ingest", "tail");
        CliRun check = CliRun.of("help", "rules", "check");
        CliRun group = CliRun.of("help", "rules");
        // Then
        assertThat(tail.exitCode()).isZero();
        assertThat(tail.out()).startsWith("Usage: droptrace ingest tail").isEqualTo(CliRun.of("ingest", "tail", "--help").out());
        assertThat(check.out()).startsWith("Usage: droptrace rules check");
        assertThat(group.out()).startsWith("Usage: droptrace rules [");
    }

    @Test
    void every_verb_group_has_help_for_its_commands_as_ingest_has() {
        for (String[] group : new String[][] {{"ingest", "tail"}, {"rules", "check"}, {"probe", "run"}, {"query", "pair"}}) {
            // When
            CliRun run = CliRun.of(group[0], "help", group[1]);
            // Then
            assertThat(run.exitCode()).as(group[0]).isZero();
            assertThat(run.out()).as(group[0]).isEqualTo(CliRun.of(group[0], group[1], "--help").out());
        }
    }

    @Test
    void help_of_a_command_followed_by_its_options_gives_the_help_of_the_command() {
        // 'rules help check --output json' said "unknown command 'json'", 'help trace --dport 1' "unknown command '1'"
        java.util.Map<String, String> usageOf = java.util.Map.of(
                "rules help check --output json", "Usage: droptrace rules check ",
                "help trace --dport 1", "Usage: droptrace trace ",
                "help rules check -v", "Usage: droptrace rules check ");
        usageOf.forEach((args, usage) -> {
            CliRun run = CliRun.of(args.split(" "));
            assertThat(run.exitCode()).as(args + ": " + run.err()).isZero();
            assertThat(run.out()).as(args).contains(usage);
        });
    }

    @Test
    void help_of_a_command_that_is_not_there_is_a_usage_error_with_one_clear_line() {
        // When
        CliRun top = CliRun.of("help", "nosuch");
        CliRun sub = CliRun.of("help", "rules", "nosuch");
        // Then
        assertThat(top.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(top.err().lines()).containsExactly("droptrace: unknown command 'nosuch' (see 'droptrace --help')");
        assertThat(sub.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(sub.err().lines()).containsExactly("droptrace: unknown command 'nosuch' (see 'droptrace rules --help')");
        assertThat(sub.out()).isEmpty();
    }

    @Test
    void an_unknown_command_is_a_usage_error_with_one_clear_line() {
        CliRun run = CliRun.of("nosuch");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).containsExactly("droptrace: unknown command 'nosuch' (see 'droptrace --help')");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_mistyped_command_or_option_is_one_line_that_names_the_nearest_one() {
        // When: each was "unknown command 'tracee'" or "Unknown option: '--detail'", and no more
        CliRun command = CliRun.of("tracee", "--config-dir", "x");
        CliRun subcommand = CliRun.of("rules", "chek");
        CliRun option = CliRun.of("verdicts", "--detail");
        CliRun far = CliRun.of("zzz");

        // Then
        assertThat(command.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.err().lines())
                .containsExactly("droptrace: unknown command 'tracee'; did you mean 'trace'? (see 'droptrace --help')");
        assertThat(subcommand.err().lines()).containsExactly(
                "droptrace: unknown command 'chek'; did you mean 'check'? (see 'droptrace rules --help')");
        assertThat(option.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err().lines()).containsExactly(
                "droptrace: Unknown option: '--detail'; did you mean '--details'? (see 'droptrace verdicts --help')");
        assertThat(far.err().lines()).containsExactly("droptrace: unknown command 'zzz' (see 'droptrace --help')");
    }

    @Test
    void the_help_is_never_coloured_on_a_dumb_terminal() {
        // When: picocli coloured it on any terminal that was not NO_COLOR, TERM=dumb too
        CommandLine dumb = DroptraceCommand.commandLine(Map.of("TERM", "dumb"), "rules", "check", "--help");
        CommandLine xterm = DroptraceCommand.commandLine(Map.of("TERM", "xterm-256color"), "rules", "check", "--help");

        // Then: off for droptrace, its commands and theirs (the help command's too); picocli decides elsewhere
        CommandLine check = dumb.getSubcommands().get("rules").getSubcommands().get("check");
        assertThat(dumb.getColorScheme().ansi()).isEqualTo(Help.Ansi.OFF);
        assertThat(check.getColorScheme().ansi()).isEqualTo(Help.Ansi.OFF);
        assertThat(dumb.getSubcommands().get("rules").getSubcommands().get("help").getColorScheme().ansi())
                .isEqualTo(Help.Ansi.OFF);
        assertThat(xterm.getSubcommands().get("rules").getSubcommands().get("check").getColorScheme().ansi())
                .isEqualTo(Help.Ansi.AUTO);
    }

    @Test
    void no_command_at_all_is_a_usage_error_that_lists_the_commands() {
        // When: 'droptrace' alone said only "Missing required subcommand"
        CliRun run = CliRun.of();
        CliRun verbose;
        try {
            verbose = CliRun.of("-v");
        } finally {
            Logging.setVerbosity(0);
        }

        // Then: a short usage with every command's name, as git prints, on stderr with the usage error's code
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).doesNotContain("Missing required subcommand").startsWith("Usage: droptrace COMMAND")
                .contains("'droptrace --help'", "'droptrace demo'");
        assertThat(run.err().lines()).hasSizeLessThanOrEqualTo(6).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
        String listed = String.join(" ", run.err().split("[\\s,]+"));
        for (String command : DroptraceCommand.commandLine().getSubcommands().keySet()) {
            assertThat(listed).as(command).contains(" " + command + " ");
        }
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(verbose.err()).isEqualTo(run.err());
    }

    @Test
    void a_verb_group_without_its_command_lists_its_commands() {
        // When
        CliRun run = CliRun.of("rules");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("Usage: droptrace rules COMMAND").doesNotContain("Missing required", "demo")
                .contains("check,", "verify,", "drift,", "enable-logging,", "publish,", "help", "'droptrace rules --help'");
    }

    @Test
    void output_is_described_and_refused_in_the_lower_case_it_is_written_in() {
        // When
        String help = String.join(" ", CliRun.of("alerts", "--help").out().split("\\s+"));
        CliRun bad = CliRun.of("alerts", "--output", "xml");
        CliRun upper = CliRun.of("trace", "--output", "JSON", "--help");

        // Then
        assertThat(help).contains("--output=text|json Output format: text (aligned columns) or json. Default: text.")
                .doesNotContain("TEXT, JSON");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().lines()).containsExactly("droptrace: Invalid value for option '--output': 'xml' is not an "
                + "output format: use text or json (see 'droptrace alerts --help')");
        assertThat(upper.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void the_help_of_the_rules_group_names_what_each_of_its_commands_does() {
        // When: the line break of the help text falls anywhere, compared without it
        String root = String.join(" ", CliRun.of("--help").out().split("\\s+"));
        String rules = String.join(" ", CliRun.of("rules", "--help").out().split("\\s+"));

        // Then: check, verify, drift, enable-logging and publish, not only the first and one other
        for (String help : List.of(root, rules)) {
            assertThat(help).contains("Checks a firewall configuration, verifies the paths a probe configuration needs "
                    + "through it, compares it with what a Phoenix etc/ folder declares, turns its logging on, and "
                    + "publishes it to Kafka");
        }
    }

    @Test
    void the_help_of_namespace_gives_the_default_each_command_really_uses() {
        // the line break of the help text falls anywhere: compared without it
        java.util.function.Function<String, String> help = command -> String.join(" ",
                CliRun.of(command.split(" ")).out().split("\\s+"));
        assertThat(help.apply("replay --help")).contains("<topic>. Default: replay.");
        assertThat(help.apply("probe replay --help")).contains("<topic>. Default: replay.");
        assertThat(help.apply("demo --help")).contains("<topic>. Default: a new one for each run");
        assertThat(help.apply("doctor --help")).contains("<topic>. Default: a new one for each run");
        assertThat(help.apply("ingest listen --help")).contains("<topic>. Default: live.");
        assertThat(help.apply("ingest tail --help")).contains("<topic>. Default: live.");
    }

    @Test
    void the_help_of_since_and_from_names_the_time_each_command_really_goes_by() {
        // the line break of the help text falls anywhere: compared without it
        java.util.function.Function<String, String> help = command -> String.join(" ",
                CliRun.of(command.split(" ")).out().split("\\s+"));
        assertThat(help.apply("alerts --help")).contains("Only records of the last DURATION, by their event time",
                "Only records from this event time on");
        assertThat(help.apply("unparsed --help"))
                .contains("Only dead letters of the last DURATION, by the time droptrace read their line",
                        "Only dead letters droptrace read from this time on")
                .doesNotContain("event time");
    }

    @Test
    void each_command_shows_and_accepts_only_the_options_it_acts_on() {
        String parse = CliRun.of("parse", "--help").out();
        assertThat(parse).contains("-v", "--failures").doesNotContain("--bootstrap-servers", "--namespace", "--output");
        for (String[] local : new String[][] {{"trace", "--help"}, {"rules", "check", "--help"}, {"probe", "list", "--help"}}) {
            String help = CliRun.of(local).out();
            assertThat(help).as(local[0]).contains("--output").doesNotContain("--bootstrap-servers", "--namespace");
        }
        for (String kafka : new String[] {"replay", "correlate", "alerts", "verdicts"}) {
            assertThat(CliRun.of(kafka, "--help").out()).as(kafka).contains("--bootstrap-servers", "--namespace", "--output");
        }

        CliRun ignored = CliRun.of("parse", "--bootstrap-servers", "127.0.0.1:9092", "-");
        assertThat(ignored.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ignored.err().lines()).hasSize(1).first().asString().contains("Unknown option: '--bootstrap-servers'");

        // up prints how its parts start and stop, as text: its help does not offer --output, and it takes none
        assertThat(CliRun.of("up", "--help").out()).contains("--bootstrap-servers", "--namespace")
                .doesNotContain("--output");
        CliRun up = CliRun.of("up", "--config", "droptrace-up.yaml", "--output", "json");
        assertThat(up.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(up.err().lines()).hasSize(1).first().asString().contains("Unknown options: '--output'");
    }

    @Test
    void a_bad_option_value_is_a_usage_error() {
        CliRun run = CliRun.of("demo", "--output", "xml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--output").doesNotContain("\tat ");
    }

    @Test
    void an_invalid_namespace_is_a_usage_error_before_anything_starts() {
        CliRun run = CliRun.of("demo", "--namespace", "Not Valid", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("namespace 'Not Valid' is not valid");
    }

    @Test
    void the_version_option_every_command_lists_prints_the_version() {
        // Given: every command and subcommand, as their help lists '-V, --version'
        String version = CliRun.of("--version").out();
        List<String[]> commands = new ArrayList<>();
        DroptraceCommand.commandLine().getSubcommands().forEach((name, sub) -> {
            commands.add(new String[] {name});
            sub.getSubcommands().keySet().forEach(leaf -> commands.add(new String[] {name, leaf}));
        });
        for (String[] command : commands) {
            // When
            String[] args = Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--version";
            CliRun run = CliRun.of(args);
            // Then
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).isEqualTo(version);
        }
    }

    @Test
    void help_takes_the_version_option_as_every_command_does_and_h_for_its_own_help() {
        // Given
        String version = CliRun.of("--version").out();
        // When: 'help -V' and 'help --version' printed the whole help of droptrace
        for (String[] args : new String[][] {{"help", "-V"}, {"help", "--version"}, {"rules", "help", "-V"}}) {
            CliRun run = CliRun.of(args);
            // Then
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).isEqualTo(version);
        }
        CliRun help = CliRun.of("help", "-h");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: droptrace help [-hV] [COMMAND...]").contains("-V, --version");
    }

    @Test
    void version_names_droptrace_and_the_java_it_runs_on() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("droptrace ").contains("Java ");
    }
}
