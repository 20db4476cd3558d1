package ai.thinkheads.droptrace.core.firewall.source;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a firewall configuration comes from: a Proxmox configuration directory ({@code /etc/pve}
 * or a copy), or a Phoenix {@code etc/} folder whose JSON a Phoenix generator turns into
 * {@code .fw} files. Either way the answer is a {@link Ruleset} for the tracer, the checks and the
 * correlator.
 */
public sealed interface ConfigSource {

    /**
     * Reads the configuration.
     *
     * @throws ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryException for an unusable directory
     * @throws ai.thinkheads.droptrace.core.phoenix.PhoenixConfigException for an unusable Phoenix folder
     */
    Ruleset load(ReadOptions options);

    /** {@code /etc/pve} or {@code phoenix etc/ folder deploy/phoenix/etc (new generator)}. */
    String describe();

    /**
     * Why what is read from here must not be published as the namespace's ruleset, or empty: a Proxmox
     * directory without {@code cluster.fw} is nothing pve-firewall would read (an empty folder, a wrong
     * path, {@code /etc/pve} before pmxcfs has mounted it); published, it would decide verdicts with no
     * rules at all. A path that is no directory is left to {@link #load}, which says so.
     */
    default Optional<String> notPublishable() {
        return Optional.empty();
    }

    /** A Proxmox configuration directory. */
    record ProxmoxDirectory(Path dir) implements ConfigSource {
        public ProxmoxDirectory {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public Ruleset load(ReadOptions options) {
            return ConfigDirectoryReader.read(dir, options);
        }

        @Override
        public Optional<String> notPublishable() {
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            String cluster = ConfigDirectoryReader.isPveLayout(dir) ? "firewall/cluster.fw" : "cluster.fw";
            return Files.exists(dir.resolve(cluster)) ? Optional.empty() : Optional.of(dir + " has no " + cluster
                    + ": it is not a firewall configuration pve-firewall would read");
        }

        @Override
        public String describe() {
            return dir.toString();
        }
    }

    /** A Phoenix {@code etc/} folder and the generator generation that turns it into {@code .fw} files. */
    record PhoenixEtc(Path etc, Generator generator) implements ConfigSource {
        public PhoenixEtc {
            Objects.requireNonNull(etc, "etc");
            Objects.requireNonNull(generator, "generator");
        }

        @Override
        public Ruleset load(ReadOptions options) {
            return loadPhoenix(options).ruleset();
        }

        /** The ruleset with the JSON and the generated files it comes from. */
        public PhoenixRuleset loadPhoenix(ReadOptions options) {
            return PhoenixRuleset.load(etc, generator, options);
        }

        @Override
        public String describe() {
            return "Phoenix etc/ folder " + etc + " (" + generator.name().toLowerCase(java.util.Locale.ROOT) + " generator)";
        }
    }
}
