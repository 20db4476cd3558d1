package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.firewall.lint.Finding;
import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.check.PhoenixChecker;
import ai.thinkheads.droptrace.core.phoenix.check.PhoenixFinding;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code rules check --phoenix-etc}: the Phoenix failure classes, each with the JSON to change and
 * the {@code .fw} line it becomes, then the generic findings on the generated files that the
 * classes do not already cover, each with the JSON it comes from.
 */
final class PhoenixCheckReport {

    /** Codes of the generic checks the Phoenix classes report better (with the JSON and the fix). */
    private static final Set<String> COVERED = Set.of("parse", "rule-error", "guest-disabled", "guest-rule-in-host-file",
            "ping-dropped", "firewall-off");

    /** A generic finding with the JSON its line comes from. */
    record Other(Finding finding, JsonLocation declaredAt) {
    }

    /** The JSON document. */
    record Report(String source, String generator, List<PhoenixFinding> findings, List<Other> other, long errors,
            long warnings, long infos) {
    }

    private PhoenixCheckReport() {
    }

    static int print(OutputOptions common, String source, PhoenixRuleset phoenix, RuleTracer tracer,
            List<Finding> generic, Severity minSeverity) {
        List<PhoenixFinding> findings = PhoenixChecker.check(phoenix, tracer);
        Set<String> covered = new HashSet<>();
        for (PhoenixFinding f : findings) {
            covered.add(f.fwFile() + ":" + f.fwLine());
            covered.add(f.fwFile());
        }
        List<Other> other = generic.stream()
                .filter(f -> !(COVERED.contains(f.code()) && (covered.contains(f.location()) || covered.contains(f.file()))))
                .map(f -> new Other(f, phoenix.declaredAt(f.file(), f.line()).orElse(null))).toList();
        long errors = count(findings, other, Severity.ERROR);
        long warnings = count(findings, other, Severity.WARNING);
        long infos = count(findings, other, Severity.INFO);
        List<PhoenixFinding> shownFindings = findings.stream().filter(f -> f.severity().compareTo(minSeverity) <= 0).toList();
        List<Other> shownOther = other.stream().filter(o -> o.finding().severity().compareTo(minSeverity) <= 0).toList();
        String generator = phoenix.generator().name().toLowerCase(Locale.ROOT);
        if (common.json()) {
            JsonOutput.document(common.out(), new Report(source, generator, shownFindings, shownOther, errors, warnings, infos));
        } else {
            PrintWriter out = common.out();
            shownFindings.forEach(f -> finding(out, f));
            if (!shownOther.isEmpty()) {
                out.println("Other findings on the generated files:");
                TextTable table = new TextTable("severity", "location", "declared", "code", "finding");
                for (Other o : shownOther) {
                    Finding f = o.finding();
                    table.row(f.severity(), f.location(), o.declaredAt() == null ? "-" : o.declaredAt().describe(), f.code(),
                            f.message() + (f.text().isEmpty() ? "" : " [" + f.text() + "]")
                                    + (f.suggestion() == null ? "" : " -> " + f.suggestion()));
                }
                table.print(out);
            }
            long classes = findings.stream().map(PhoenixFinding::failureClass).distinct().count();
            out.println(errors + " error(s), " + warnings + " warning(s), " + infos + " note(s) in " + source + "; "
                    + findings.size() + " Phoenix finding(s) in " + classes + " failure class(es)"
                    + RulesCheckCommand.notShown(findings.size() + other.size() - shownFindings.size() - shownOther.size(),
                            minSeverity));
            out.flush();
        }
        return errors > 0 ? ExitCodes.CONFIG_INVALID : ExitCodes.OK;
    }

    private static void finding(PrintWriter out, PhoenixFinding f) {
        out.println(String.format("%-8s[%d] %s: %s", f.severity(), f.failureClass().number(), f.failureClass().title(),
                f.code()));
        row(out, "declared", f.declaredAt() == null ? "-" : f.declaredAt().describe());
        row(out, "becomes", f.fwLocation() == null ? "(nothing is written)"
                : f.fwLocation() + (f.fwText().isEmpty() ? "" : "  " + f.fwText()));
        row(out, "problem", f.message());
        row(out, "breaks", f.breaks());
        row(out, "fix", f.fix());
        row(out, "json", f.fixJson());
        out.println();
    }

    private static void row(PrintWriter out, String label, String text) {
        if (text != null) {
            out.println("  " + String.format("%-9s", label) + " " + text);
        }
    }

    private static long count(List<PhoenixFinding> findings, List<Other> other, Severity s) {
        return Stream.concat(findings.stream().map(PhoenixFinding::severity), other.stream().map(o -> o.finding().severity()))
                .filter(x -> x == s).count();
    }
}
