package ai.thinkheads.droptrace.cli.demo;

import ai.thinkheads.droptrace.cli.rules.ProbePaths;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.intent.IntentVerifier;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleSource;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.probes.config.ConfigLoader;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo's static part: the sample Phoenix site of {@code deploy/phoenix} (its declared {@code etc/}
 * folder, its stacks and its probe plan, bundled by {@code cli/pom.xml}), every path of the plan traced
 * through the firewall the newer Phoenix generator would write, before a packet is sent — what
 * {@code droptrace rules verify --config deploy/phoenix/phoenix.yaml --phoenix-etc deploy/phoenix/etc} says.
 */
final class DemoSite {

    static final String RESOURCE = "site";
    static final String DESCRIPTION = "deploy/phoenix/etc (newer generator) against deploy/phoenix/phoenix.yaml";

    private DemoSite() {
    }

    /** Unpacks the bundled site into {@code target} and traces every path of its probe plan. */
    static List<PathVerdict> verify(Path target) {
        Path site = DemoRuleset.unpack(RESOURCE, target);
        PhoenixRuleset phoenix = PhoenixRuleset.load(site.resolve("etc"), Generator.NEW, ReadOptions.defaults());
        ProbePlan plan = ConfigLoader.load(site.resolve("phoenix.yaml"));
        ProbePaths.Result paths = ProbePaths.of(plan, plan.select(List.of()), phoenix.ruleset().inventory());
        return IntentVerifier.verify(new PhoenixRuleSource(phoenix), paths.paths());
    }
}
