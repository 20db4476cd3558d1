package ai.thinkheads.droptrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's last line: the 'rules verify' command that gives the fixes, runnable where the demo was run. */
class DemoSiteTest {

    @TempDir
    Path temp;

    @Test
    void run_from_the_top_of_its_build_the_demo_gives_the_site_s_paths_from_there() throws IOException {
        // Given a build with its sample site
        Path build = buildWithSite(temp.resolve("droptrace"));
        // When the demo runs from the build's top
        String command = DemoSite.verifyCommand(build, build);
        // Then
        assertThat(command).isEqualTo("droptrace rules verify --config deploy/phoenix/phoenix.yaml "
                + "--phoenix-etc deploy/phoenix/etc");
    }

    @Test
    void run_from_another_directory_the_demo_gives_the_paths_of_its_build_s_site_that_are_there() throws IOException {
        // Given a build with its sample site, and a home directory elsewhere
        Path build = buildWithSite(temp.resolve("opt/droptrace"));
        Path home = Files.createDirectories(temp.resolve("home/operator"));
        // When the demo runs from the home directory (bin/droptrace linked into the PATH)
        String command = DemoSite.verifyCommand(home, build);
        // Then both paths name the build's files, which a command run from home finds
        assertThat(command).isEqualTo("droptrace rules verify --config " + build.resolve("deploy/phoenix/phoenix.yaml")
                + " --phoenix-etc " + build.resolve("deploy/phoenix/etc"));
        assertThat(home.resolve(build.resolve("deploy/phoenix/phoenix.yaml"))).isRegularFile();
    }

    @Test
    void the_build_the_tests_run_from_gives_paths_that_exist_from_their_working_directory() {
        // Given the tests' working directory, cli/, under the build's top
        Path here = DemoSite.workingDirectory();
        // When
        String command = DemoSite.verifyCommand(here, DemoSite.build());
        // Then
        String config = command.replaceAll(".* --config (\\S+) .*", "$1");
        String etc = command.replaceAll(".* --phoenix-etc (\\S+)$", "$1");
        assertThat(here.resolve(config)).isRegularFile();
        assertThat(here.resolve(etc)).isDirectory();
    }

    @Test
    void a_build_in_a_directory_with_a_space_is_quoted_as_one_word() throws IOException {
        // Given
        Path build = buildWithSite(temp.resolve("my builds/droptrace"));
        // When
        String command = DemoSite.verifyCommand(temp.resolve("elsewhere"), build);
        // Then
        assertThat(command).contains("--config '" + build.resolve("deploy/phoenix/phoenix.yaml") + "'");
    }

    @Test
    void a_jar_away_from_its_sources_names_the_site_in_the_source_tree() {
        // When
        String command = DemoSite.verifyCommand(temp, null);
        // Then
        assertThat(command).isEqualTo("droptrace rules verify --config deploy/phoenix/phoenix.yaml "
                + "--phoenix-etc deploy/phoenix/etc (in droptrace's source tree)");
    }

    private static Path buildWithSite(Path build) throws IOException {
        Path site = Files.createDirectories(build.resolve("deploy/phoenix/etc"));
        Files.writeString(site.resolveSibling("phoenix.yaml"), "probes: []\n");
        return build;
    }
}
