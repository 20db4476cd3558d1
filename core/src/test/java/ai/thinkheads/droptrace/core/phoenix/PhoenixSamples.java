package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample Phoenix site in {@code deploy/phoenix}, written for these tests, in both layouts. */
public final class PhoenixSamples {

    public static final Path DIR = Path.of("..", "deploy", "phoenix");
    /** Top-level {@code .firewall} (from 2025-11-16). */
    public static final Path NEW_LAYOUT = DIR.resolve("etc");
    /** {@code .shared_volumes.firewall}, rules on one line each (the design and main branch). */
    public static final Path OLD_LAYOUT = DIR.resolve("old-layout").resolve("etc");
    /** A live /etc/pve that drifted from the new-layout site. */
    public static final Path LIVE = DIR.resolve("live-pve");

    private PhoenixSamples() {
    }

    public static PhoenixRuleset load(Path etc, Generator generator) {
        return PhoenixRuleset.load(etc, generator, ReadOptions.defaults());
    }

    /** Copies a folder tree (to change a sample in a temporary directory). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
