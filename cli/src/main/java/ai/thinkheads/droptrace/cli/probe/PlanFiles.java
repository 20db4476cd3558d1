package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.probes.config.ConfigException;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import java.nio.file.Path;

/** Loads a probe configuration for a command; an invalid one is a CONFIG_INVALID error with one line. */
final class PlanFiles {

    private PlanFiles() {
    }

    static ProbePlan load(Path file) {
        try {
            ProbePlan plan = ConfigLoader.load(file);
            ProbeExecutor.check(plan);
            return plan;
        } catch (ConfigException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage(), e);
        }
    }
}
