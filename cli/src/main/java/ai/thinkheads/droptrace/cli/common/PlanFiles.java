package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.probes.config.ConfigException;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import java.nio.file.Path;
import java.util.List;

/** Loads a probe configuration for a command; an invalid one is a CONFIG_INVALID error with one line. */
public final class PlanFiles {

    private PlanFiles() {
    }

    public static ProbePlan load(Path file) {
        try {
            ProbePlan plan = ConfigLoader.load(file);
            ProbeExecutor.check(plan);
            return plan;
        } catch (ConfigException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage(), e);
        }
    }

    /**
     * The probes with these ids ({@code only}; all when {@code null}, the option not given); an unknown id, or
     * {@code --only} given without one ({@code --only ,}), is a usage error: the command line names it, the
     * configuration is fine.
     */
    public static List<PlannedProbe> select(ProbePlan plan, List<String> only) {
        if (only != null && only.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, "--only: no probe id given (it takes ids separated by commas)");
        }
        try {
            return plan.select(only);
        } catch (ConfigException e) {
            throw new UserException(ExitCodes.USAGE, "--only: " + e.getMessage(), e);
        }
    }
}
