package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.streams.ruleset.RulesetWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpSettingsTest {

    @Test
    void a_tail_file_named_twice_or_through_a_link_is_followed_once_with_a_warning(@TempDir Path dir) throws Exception {
        // Given a file, a link to it, and a file not there yet named twice
        Files.writeString(dir.resolve("fw.log"), "x\n");
        Files.createSymbolicLink(dir.resolve("link.log"), dir.resolve("fw.log"));
        List<String> warnings = new ArrayList<>();
        // When
        List<Path> files = UpSettings.tailFiles(List.of("fw.log", "link.log", dir + "/fw.log", "later.log", "./later.log"),
                dir, warnings::add);
        // Then
        assertThat(files).containsExactly(dir.resolve("fw.log"), dir.resolve("later.log"));
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).isEqualTo(dir.resolve("link.log") + " is the same file as " + dir.resolve("fw.log")
                + ": read once");
    }

    @Test
    void a_configuration_iptables_refuses_is_not_published_by_ups_watcher_and_the_version_before_stays(@TempDir Path dir)
            throws Exception {
        // Given up watching a copy of the example
        Path pve = dir.resolve("pve");
        Path example = Path.of("..", "deploy", "examples", "firewall", "phoenix");
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
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nfirewall: {configDir: pve, node: phoenix}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir,
                new ai.thinkheads.droptrace.cli.common.KafkaOptions());
        List<PublishedRuleset> published = new ArrayList<>();
        RulesetWatcher watcher = new RulesetWatcher(() -> UpServices.publishableRuleset(settings), "pve", published::add,
                Clock.systemUTC());
        String first = watcher.firstCheck();

        // When a port list iptables-restore refuses is added (pve-firewall then loads none of the configuration)
        Path guest = pve.resolve("firewall").resolve("102.fw");
        String before = Files.readString(guest);
        Files.writeString(guest, before + "IN ACCEPT -p tcp -dport ssh,http,1,2,3,4,5,6,7,8,9,10,11,12,13,14\n");

        // Then it is not published: the version before stays, as pve-firewall's rules do
        assertThatThrownBy(watcher::check).hasMessageStartingWith("firewall/102.fw:10: dport: iptables refuses this "
                + "port list").hasMessageContaining("pve-firewall loads none of this configuration");
        assertThat(published).extracting(PublishedRuleset::version).containsExactly(first);
        assertThat(watcher.lastVersion()).isEqualTo(first);
    }
}
