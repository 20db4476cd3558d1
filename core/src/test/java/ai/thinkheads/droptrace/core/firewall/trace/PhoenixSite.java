package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import java.nio.file.Path;

/** The example Phoenix configuration in {@code deploy/examples/firewall/phoenix}, shared by the tests. */
public final class PhoenixSite {

    public static final Path DIR = Path.of("..", "deploy", "examples", "firewall", "phoenix");

    private PhoenixSite() {
    }

    public static Ruleset ruleset() {
        return ConfigDirectoryReader.read(DIR, ReadOptions.defaults());
    }

    public static RuleTracer tracer() {
        return RuleTracer.compile(ruleset());
    }
}
