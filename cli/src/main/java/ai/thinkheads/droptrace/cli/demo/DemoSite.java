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
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
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

    /**
     * The {@code rules verify} command that gives the rule to add for each blocked path, on the sample site of the
     * build droptrace runs from ({@code deploy/phoenix} of {@code build}): its paths from {@code workingDirectory} when
     * the site is under it ({@code deploy/phoenix/phoenix.yaml} from the build's top), else absolute, as the demo runs
     * from any directory (the bundled copy it traced is gone when it ends). A {@code build} without the site (the jar
     * copied away from its sources, {@code null}) leaves the paths relative and says where they are.
     */
    static String verifyCommand(Path workingDirectory, Path build) {
        Path site = build == null ? null : build.resolve("deploy").resolve("phoenix");
        if (site == null || !Files.isRegularFile(site.resolve("phoenix.yaml")) || !Files.isDirectory(site.resolve("etc"))) {
            return "droptrace rules verify --config deploy/phoenix/phoenix.yaml --phoenix-etc deploy/phoenix/etc "
                    + "(in droptrace's source tree)";
        }
        Path shown = site.startsWith(workingDirectory) ? workingDirectory.relativize(site) : site;
        return "droptrace rules verify --config " + shellWord(shown.resolve("phoenix.yaml")) + " --phoenix-etc "
                + shellWord(shown.resolve("etc"));
    }

    /** The top of the build this class was loaded from ({@code cli/target/droptrace.jar} or {@code cli/target/classes}), or {@code null}. */
    static Path build() {
        try {
            Path build = Path.of(DemoSite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
            for (int up = 0; up < 3 && build != null; up++) {
                build = build.getParent();
            }
            return build;
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** The directory the command runs in, without symbolic links where they can be resolved. */
    static Path workingDirectory() {
        Path here = Path.of("").toAbsolutePath();
        try {
            return here.toRealPath();
        } catch (IOException e) {
            return here;
        }
    }

    /** {@code path} as one word of a shell command: quoted when it holds anything but letters, digits and {@code _./-}. */
    private static String shellWord(Path path) {
        String text = path.toString();
        return text.matches("[A-Za-z0-9_./-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /** Unpacks the bundled site into {@code target} and traces every path of its probe plan. */
    static List<PathVerdict> verify(Path target) {
        Path site = DemoRuleset.unpack(RESOURCE, target);
        PhoenixRuleset phoenix = PhoenixRuleset.load(site.resolve("etc"), Generator.NEW, ReadOptions.defaults());
        ProbePlan plan = ConfigLoader.load(site.resolve("phoenix.yaml"));
        ProbePaths.Result paths = ProbePaths.of(plan, plan.select(List.of()), phoenix.ruleset().inventory(),
                phoenix.site().host().networks());
        return IntentVerifier.verify(new PhoenixRuleSource(phoenix), paths.paths());
    }
}
