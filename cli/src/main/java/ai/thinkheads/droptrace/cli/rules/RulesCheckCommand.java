package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.EnumWords;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.lint.Finding;
import ai.thinkheads.droptrace.core.firewall.lint.RulesChecker;
import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace rules check}: lint a firewall configuration. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Lists, with file:line, the lines pve-firewall skips or leaves out (errors), rules shadowed by an "
                + "earlier rule, references to unknown aliases, ipsets and groups, rules that do not apply (guest "
                + "or host firewall off, NIC firewall=0, guest rules in cluster.fw), and drops that are not or cannot be logged. "
                + "With --phoenix-etc, first the seven failure classes of the Phoenix site, each with the JSON path, "
                + "the .fw line it becomes, what it breaks and the fix.",
            "Exit code: 0 when there is no error, 3 when there is."})
public final class RulesCheckCommand implements Callable<Integer> {

    @Mixin
    OutputOptions common;

    @Mixin
    FirewallConfigOptions config;

    @Option(names = "--min-severity", paramLabel = "error|warning|info", defaultValue = "info",
            converter = SeverityConverter.class,
            description = "Show findings of this severity and above: error, warning or info. Default: ${DEFAULT-VALUE}.")
    Severity minSeverity;

    /** {@code --min-severity}'s value in any case; another is named in the words of the help and the docs. */
    static final class SeverityConverter implements ITypeConverter<Severity> {
        @Override
        public Severity convert(String value) {
            return EnumWords.parse(value, Severity.values(), Enum::name, "is not a severity: use error, warning or info");
        }
    }

    /** The JSON document: every finding and the counts. */
    record Report(List<Finding> findings, long errors, long warnings, long infos) {
    }

    @Override
    public Integer call() {
        RuleTracer tracer = RuleTracer.compile(config.load());
        List<Finding> all = RulesChecker.check(tracer);
        if (config.isPhoenix()) {
            return PhoenixCheckReport.print(common, config.describe(), config.phoenix(), tracer, all, minSeverity);
        }
        List<Finding> shown = all.stream().filter(f -> f.severity().compareTo(minSeverity) <= 0).toList();
        long errors = count(all, Severity.ERROR);
        long warnings = count(all, Severity.WARNING);
        long infos = count(all, Severity.INFO);
        if (common.json()) {
            JsonOutput.document(common.out(), new Report(shown, errors, warnings, infos));
        } else {
            TextTable table = new TextTable("severity", "location", "code", "finding");
            for (Finding f : shown) {
                table.row(f.severity(), f.location(), f.code(), f.message()
                        + (f.text().isEmpty() ? "" : " [" + f.text() + "]")
                        + (f.suggestion() == null ? "" : " -> " + f.suggestion()));
            }
            if (!table.isEmpty()) {
                table.print(common.out());
            }
            common.out().println(errors + " error(s), " + warnings + " warning(s), " + infos + " note(s) in "
                    + config.configDir() + notShown(all.size() - shown.size(), minSeverity));
            common.out().flush();
        }
        return errors > 0 ? ExitCodes.CONFIG_INVALID : ExitCodes.OK;
    }

    /**
     * The summary's word on the findings {@code --min-severity} left out, which it counts all the same: "12 note(s)"
     * under a table of errors and warnings read as notes that were lost.
     */
    static String notShown(long hidden, Severity minSeverity) {
        return hidden == 0 ? "" : "; " + hidden + " not shown (below --min-severity "
                + minSeverity.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }
}
