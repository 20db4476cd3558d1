package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.streams.ruleset.RulesetWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncedVersionsTest {

    @Test
    void each_version_up_publishes_after_its_start_is_said_with_the_one_it_replaces_and_the_lines_skipped(
            @TempDir Path dir) throws Exception {
        // Given up's watcher of a copy of the example (one line pve-firewall skips, cluster.fw:29), started
        Path pve = copyOfTheExample(dir);
        List<PublishedRuleset> published = new ArrayList<>();
        List<String> said = new ArrayList<>();
        AnnouncedVersions versions = new AnnouncedVersions(published::add, said::add);
        RulesetWatcher watcher = new RulesetWatcher(() -> ConfigDirectoryReader.read(pve, ReadOptions.defaults()),
                pve.toString(), versions, Clock.systemUTC());
        String first = watcher.firstCheck();
        String note = versions.note();
        versions.start();

        // When a rule is added, and the directory is read again unchanged
        Files.writeString(pve.resolve("firewall").resolve("102.fw"), "IN ACCEPT -source nginx -p tcp -dport 8443\n",
                StandardOpenOption.APPEND);
        String second = watcher.check();
        watcher.check();

        // Then the start's version is in up's own line (with its note), the new one said once, naming the one before
        assertThat(note).isEqualTo("; 1 line(s) of the configuration are skipped or left out, as pve-firewall does; "
                + "'droptrace rules check' lists them");
        assertThat(second).isNotEqualTo(first);
        assertThat(published).hasSize(2);
        assertThat(said).containsExactly("firewall configuration: published version " + second + " (was " + first + ")"
                + note);
    }

    @Test
    void a_configuration_iptables_refuses_is_not_published_and_the_version_before_stays(@TempDir Path dir)
            throws Exception {
        // Given up's watcher of a copy of the example, started
        Path pve = copyOfTheExample(dir);
        List<PublishedRuleset> published = new ArrayList<>();
        List<String> said = new ArrayList<>();
        AnnouncedVersions versions = new AnnouncedVersions(published::add, said::add);
        RulesetWatcher watcher = new RulesetWatcher(() -> ConfigDirectoryReader.read(pve, ReadOptions.defaults()),
                pve.toString(), versions, Clock.systemUTC());
        String first = watcher.firstCheck();
        versions.start();

        // When a port list iptables-restore refuses is added (pve-firewall then loads none of the configuration)
        Files.writeString(pve.resolve("firewall").resolve("102.fw"),
                "IN ACCEPT -p tcp -dport ssh,http,1,2,3,4,5,6,7,8,9,10,11,12,13,14\n", StandardOpenOption.APPEND);

        // Then it is not published: the version before stays, as pve-firewall's rules do, and the watcher says why
        assertThatThrownBy(watcher::check).hasMessageStartingWith("firewall/102.fw:10: dport: iptables refuses this "
                + "port list").hasMessageContaining("pve-firewall loads none of this configuration");
        assertThat(published).extracting(PublishedRuleset::version).containsExactly(first);
        assertThat(watcher.lastVersion()).isEqualTo(first);
        assertThat(said).isEmpty();
    }

    private static Path copyOfTheExample(Path dir) throws Exception {
        Path example = Path.of("..", "deploy", "examples", "firewall", "phoenix");
        Path pve = dir.resolve("pve");
        try (var paths = Files.walk(example)) {
            for (Path p : paths.toList()) {
                Path target = pve.resolve(example.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return pve;
    }
}
