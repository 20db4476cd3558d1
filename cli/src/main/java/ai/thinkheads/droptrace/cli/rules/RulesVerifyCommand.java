package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.intent.FwRuleSource;
import ai.thinkheads.droptrace.core.firewall.intent.IntentVerifier;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.intent.ProposedRule;
import ai.thinkheads.droptrace.core.firewall.intent.RuleSource;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleSource;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace rules verify}: every path the probe configuration says must work, traced before a packet is sent. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Traces every network path of a probe configuration through the firewall configuration, without "
                + "sending a packet: allowed or blocked, the deciding rule (file:line, and the JSON path with "
                + "--phoenix-etc), and for a blocked must-work path the smallest rule(s) to add, in .fw form and (with "
                + "--phoenix-etc) in the site's JSON, proven by tracing again with them added.",
            "Exit code: 0 when every path is as expected, 5 when a must-work path is blocked (or a must-be-blocked "
                + "path is open)."})
public final class RulesVerifyCommand implements Callable<Integer> {

    @Mixin
    OutputOptions common;

    @Mixin
    FirewallConfigOptions config;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The probe configuration (YAML) whose paths must work, e.g. deploy/phoenix/phoenix.yaml.")
    Path probeConfig;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Only these probe ids.")
    List<String> only;

    /** The JSON document. */
    record Report(String source, List<PathVerdict> paths, List<String> withoutPath, List<String> notes, long blocked) {
    }

    @Override
    public Integer call() {
        config.requireOneSource();
        ProbePlan plan = PlanFiles.load(probeConfig);
        List<PlannedProbe> probes = PlanFiles.select(plan, only);
        if (probes.isEmpty()) {
            // Nothing traced would pass (exit 0): as in probe run and doctor, an empty probes list is an error.
            throw new UserException(ExitCodes.CONFIG_INVALID,
                    probeConfig + ": no probes to trace; list them under 'probes:'");
        }
        // A local probe is traced from the host's address: unless --host-address says otherwise it is the node's own
        // (as in doctor), or the host's outbound chain would be passed over for an address taken to be outside.
        config.defaultHostAddresses(plan.inventory().hostAddresses());
        RuleSource source = config.isPhoenix() ? new PhoenixRuleSource(config.phoenix()) : new FwRuleSource(config.load());
        ProbePaths.Result paths = ProbePaths.of(plan, probes, source.ruleset().inventory(),
                config.hostNetworks(source.ruleset()));
        List<PathVerdict> verdicts = IntentVerifier.verify(source, paths.paths());
        long failed = verdicts.stream().filter(v -> !v.asExpected()).count();
        if (common.json()) {
            JsonOutput.document(common.out(),
                    new Report(config.describe(), verdicts, paths.withoutPath(), paths.notes(), failed));
        } else {
            text(common.out(), verdicts, paths);
            paths.notes().forEach(n -> common.err().println("droptrace: note: " + n));
            common.err().flush();
        }
        return failed > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    private void text(PrintWriter out, List<PathVerdict> verdicts, ProbePaths.Result paths) {
        TextTable table = new TextTable("id", "path", "expect", "firewall", "decided by");
        for (PathVerdict v : verdicts) {
            table.row(v.path().id(), v.path().describe(), v.path().mustWork() ? "works" : "blocked",
                    v.action() == null ? "?" : v.action(), v.decidedWhere());
        }
        if (!table.isEmpty()) {
            table.print(out);
        }
        // two probes of one path (a service checked twice) get the same rule, each with its own comment: added as
        // listed, the second copy is a rule no packet reaches ('rules check': shadowed)
        Map<String, String> proposedFor = new HashMap<>();
        for (PathVerdict v : verdicts) {
            if (v.asExpected()) {
                continue;
            }
            out.println();
            out.println(v.path().id() + (v.path().mustWork() ? " must work but is " + (v.action() == null ? "not traceable"
                    : v.action() == Action.REJECT ? "rejected" : "dropped") : " must be blocked but is open")
                    + (v.decidedBy() == null ? "" : ": " + v.decidedBy()));
            for (ProposedRule r : v.fix()) {
                if (r.json() != null) {
                    out.println("  add (JSON)  " + r.where() + ": " + r.json());
                    out.println("  add (.fw)   " + r.file() + ": " + r.fwLine());
                } else {
                    out.println("  add (.fw)   " + r.where() + ": " + r.fwLine());
                }
                String first = proposedFor.putIfAbsent(r.file() + "\n" + withoutComment(r.fwLine()), v.path().id());
                if (first != null) {
                    out.println("  same       as the rule for " + first + " above but for its comment: add one, it lets "
                            + "both paths through");
                }
            }
            if (!v.fix().isEmpty()) {
                String rules = v.fix().size() == 1 ? "this rule" : "these rules";
                out.println("  " + (v.fixVerified() ? "verified   traced again with " + rules + ": the path is accepted"
                        : "not enough  traced again, the path is still blocked"));
            } else if (v.path().mustWork() && v.action() != null) {
                out.println("  no rule can fix it: a built-in rule of pve-firewall decides");
            }
            v.notes().forEach(n -> out.println("  note       " + n));
        }
        long allowed = verdicts.stream().filter(v -> v.action() != null && !v.action().blocks()).count();
        long untraced = verdicts.stream().filter(v -> v.action() == null).count();
        long mustWorkBlocked = verdicts.stream().filter(v -> v.path().mustWork() && v.action() != null
                && v.action().blocks()).count();
        out.println();
        // a path the tracer could not walk is neither allowed nor blocked: it was counted as blocked
        out.println(verdicts.size() + " path(s) in " + config.describe() + ": " + allowed + " allowed, "
                + (verdicts.size() - allowed - untraced) + " blocked, " + (untraced > 0 ? untraced + " not traceable, " : "")
                + mustWorkBlocked + " must-work path(s) blocked; "
                + paths.withoutPath().size() + " probe(s) without a network path not traced");
        out.flush();
    }

    /** The {@code .fw} line without its comment, which names the probe it was proposed for. */
    private static String withoutComment(String fwLine) {
        int hash = fwLine.indexOf(" #");
        return hash < 0 ? fwLine : fwLine.substring(0, hash);
    }
}
