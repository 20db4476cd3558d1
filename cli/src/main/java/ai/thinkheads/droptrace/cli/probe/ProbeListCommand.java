package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.run.GuestCommands;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace probe list}: the probes of a configuration, resolved, without running any. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Loads a probe configuration, checks it, and lists its probes with their resolved addresses.")
public final class ProbeListCommand implements Callable<Integer> {

    @Mixin
    private OutputOptions common;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The probe configuration (YAML).")
    private Path config;

    @Override
    public Integer call() {
        ProbePlan plan = PlanFiles.load(config);
        List<String> warnings = plan.unreadableTrustFiles();
        warnings.forEach(w -> common.err().println("droptrace probe list: warning: " + w));
        common.err().flush();
        if (common.json()) {
            JsonOutput.document(common.out(), Map.of("host", plan.inventory().hostName(),
                    "guests", plan.inventory().guests().size(), "probes", plan.probes().stream().map(ProbeListCommand::json).toList(),
                    "warnings", warnings));
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("id", "kind", "from", "to", "destination", "port", "every", "timeout", "expect", "runs");
        for (PlannedProbe p : plan.probes()) {
            table.row(p.id(), p.kind().name().toLowerCase(), p.origin().name(), p.definition().to(), p.destination(),
                    p.port() == 0 ? null : p.port(), text(p.interval()), text(p.timeout()), expect(p), runs(p));
        }
        common.out().printf("%s, %s on %s (%s):%n", Count.of(plan.probes().size(), "probe"),
                Count.of(plan.inventory().guests().size(), "guest"), plan.inventory().hostName(), config);
        table.print(common.out());
        return ExitCodes.OK;
    }

    /** An interval or timeout as the table shows it: in seconds when whole ({@code 60s}), else in ms ({@code 1500ms}). */
    static String text(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static String expect(PlannedProbe p) {
        return String.join(",", p.definition().expect().stream().map(Enum::name).toList());
    }

    private static String runs(PlannedProbe p) {
        return p.origin().runsHere() ? "here" : String.join(" ", GuestCommands.prefix(p.origin()));
    }

    private static Map<String, Object> json(PlannedProbe p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("kind", p.kind());
        m.put("from", p.origin().name());
        m.put("fromVmid", p.origin().vmid());
        m.put("to", p.definition().to());
        m.put("source", p.source());
        m.put("destination", p.destination());
        m.put("port", p.port());
        m.put("intervalSeconds", p.interval().toSeconds());
        m.put("intervalMillis", p.interval().toMillis()); // the seconds cut a 1.5 s interval to 1
        m.put("timeoutMillis", p.timeout().toMillis());
        m.put("expect", p.definition().expect());
        m.put("prefix", p.origin().runsHere() ? List.of() : GuestCommands.prefix(p.origin()));
        m.put("description", p.definition().description());
        return m;
    }
}
