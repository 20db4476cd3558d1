package ai.thinkheads.droptrace.probes.testing;

import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import java.time.Clock;

/**
 * Runs probes written as YAML against the test's own servers. The site has a host on 127.0.0.1
 * and one guest, {@code lab-guest} (vmid 101), whose exec prefix is the harmless
 * {@code env DROPTRACE_GUEST={vmid}}: probes "from" it run the real guest tools here.
 */
public final class Probing {

    public static final String SITE = """
            site:
              host: {name: testhost, addresses: [127.0.0.1]}
              guests:
                - {vmid: 101, name: lab-guest, type: lxc, addresses: [127.0.0.1], exec: ["env", "DROPTRACE_GUEST={vmid}"]}
            """;

    private Probing() {
    }

    public static ProbePlan plan(String yaml) {
        ProbePlan plan = ProbePlan.of(ConfigLoader.parse(yaml, "test.yaml"), "test.yaml");
        ProbeExecutor.check(plan);
        return plan;
    }

    /** Runs the only probe of {@code probesYaml} (a list under {@code probes:}), with {@code extra} top-level YAML. */
    public static ProbeResult once(String extra, String probesYaml) {
        ProbePlan plan = plan(SITE + extra + "probes:\n" + probesYaml);
        return new ProbeExecutor(plan, new CommandRunner(), Clock.systemUTC()).run(plan.probes().get(0));
    }

    public static ProbeResult once(String probesYaml) {
        return once("", probesYaml);
    }
}
