package ai.thinkheads.droptrace.core.firewall.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.PhoenixSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingPlanTest {

    static Function<String, List<String>> reader(Path dir) {
        return rel -> {
            Path p = dir.resolve(rel);
            try {
                return Files.exists(p) ? List.of(Files.readString(p).split("\n", -1)) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void one_guest_gets_its_inbound_policy_logged_as_a_unified_diff() {
        // When
        LoggingPlan.Result plan = LoggingPlan.plan(PhoenixSite.ruleset(), reader(PhoenixSite.DIR), LogLevel.INFO,
                new LoggingScope(List.of(102), false));

        // Then
        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("firewall/102.fw");
            assertThat(c.diff()).isEqualTo("""
                    --- a/firewall/102.fw
                    +++ b/firewall/102.fw
                    @@ -1,6 +1,7 @@
                     [OPTIONS]
                    \s
                     enable: 1
                    +log_level_in: info
                    \s
                     [RULES]
                    \s
                    """);
        });
    }

    @Test
    void everything_in_scope_gets_policy_levels_and_drop_rules_get_log_and_a_second_run_changes_nothing(
            @TempDir Path copy) throws IOException {
        // Given
        copyTree(PhoenixSite.DIR, copy);

        // When
        LoggingPlan.Result plan = LoggingPlan.plan(PhoenixSite.ruleset(), reader(PhoenixSite.DIR), LogLevel.INFO,
                LoggingScope.everything());
        for (FileChange c : plan.changes()) {
            Files.writeString(copy.resolve(c.path()), String.join("\n", c.after()));
        }
        Ruleset after = ConfigDirectoryReader.read(copy, ReadOptions.defaults());
        LoggingPlan.Result again = LoggingPlan.plan(after, reader(copy), LogLevel.INFO, LoggingScope.everything());

        // Then
        assertThat(plan.changes()).extracting(FileChange::path).containsExactly("firewall/cluster.fw",
                "nodes/phoenix/host.fw", "firewall/101.fw", "firewall/102.fw", "firewall/103.fw", "firewall/1001.fw",
                "firewall/1002.fw");
        String cluster = String.join("\n", plan.changes().get(0).after());
        assertThat(cluster).contains("IN DROP -p tcp -dport 22 -log info");
        assertThat(String.join("\n", plan.changes().get(1).after())).contains("log_level_in: info")
                .doesNotContain("nolog");
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("firewall/900.fw"));
        assertThat(after.allWarnings()).hasSameSizeAs(PhoenixSite.ruleset().allWarnings());
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void a_file_without_options_gets_a_section_and_a_missing_host_file_is_created(@TempDir Path dir) throws IOException {
        // Given
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\npolicy_out: REJECT\n");
        Files.writeString(dir.resolve("200.fw"), "[RULES]\nIN REJECT -p tcp -dport 23 -log nolog # telnet\n");
        Ruleset ruleset = ConfigDirectoryReader.read(dir, new ReadOptions("n1", null, List.of(), null, null));

        // When
        LoggingPlan.Result plan = LoggingPlan.plan(ruleset, reader(dir), LogLevel.WARNING, LoggingScope.everything());

        // Then
        FileChange host = plan.changes().get(0);
        assertThat(host.created()).isTrue();
        assertThat(host.after()).containsExactly("[OPTIONS]", "", "log_level_in: warning", "log_level_out: warning");
        assertThat(host.diff()).startsWith("--- /dev/null\n+++ b/host.fw\n@@ -0,0 +1,4 @@\n");
        assertThat(plan.notes()).anyMatch(n -> n.contains("200.fw") && n.contains("off"));
    }

    @Test
    void the_diff_holds_the_lines_of_the_file_and_not_the_end_of_its_last_line_as_one_more(@TempDir Path dir)
            throws IOException {
        // Given files that end, as pve-firewall writes them, with a newline
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("host.fw"), "[OPTIONS]\nlog_level_in: info\nlog_level_out: info\n");
        Files.writeString(dir.resolve("100.fw"), "[OPTIONS]\nenable: 1\n");
        Ruleset ruleset = ConfigDirectoryReader.read(dir, new ReadOptions("n1", null, List.of(), null, null));

        // When
        LoggingPlan.Result plan = LoggingPlan.plan(ruleset, reader(dir), LogLevel.INFO, LoggingScope.everything());

        // Then: no blank context line after 'enable: 1' (git apply refused such a diff, patch needed fuzz)
        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.diff()).isEqualTo("""
                    --- a/100.fw
                    +++ b/100.fw
                    @@ -1,2 +1,3 @@
                     [OPTIONS]
                     enable: 1
                    +log_level_in: info
                    """);
            assertThat(String.join("\n", c.after())).isEqualTo("[OPTIONS]\nenable: 1\nlog_level_in: info\n");
        });
    }

    @Test
    void the_diff_of_a_file_without_a_newline_at_its_end_says_so_for_its_last_line(@TempDir Path dir)
            throws IOException {
        // Given files saved without a newline after their last line
        Files.writeString(dir.resolve("cluster.fw"), "[OPTIONS]\nenable: 1\n");
        Files.writeString(dir.resolve("host.fw"), "[OPTIONS]\nlog_level_in: info\nlog_level_out: info\n");
        Files.writeString(dir.resolve("100.fw"), "[OPTIONS]\nenable: 1");
        Files.writeString(dir.resolve("101.fw"), "[OPTIONS]\nenable: 1\nlog_level_in: info\n\n[RULES]\nIN DROP -p tcp");
        Files.writeString(dir.resolve("102.fw"), "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -p tcp -dport 22");
        Ruleset ruleset = ConfigDirectoryReader.read(dir, new ReadOptions("n1", null, List.of(), null, null));

        // When
        LoggingPlan.Result plan = LoggingPlan.plan(ruleset, reader(dir), LogLevel.INFO, LoggingScope.everything());

        // Then: the last line of each side is marked, as diff -u marks it (patch and git apply refused the diff)
        assertThat(plan.changes()).extracting(FileChange::diff).containsExactly("""
                --- a/100.fw
                +++ b/100.fw
                @@ -1,2 +1,3 @@
                 [OPTIONS]
                -enable: 1
                \\ No newline at end of file
                +enable: 1
                +log_level_in: info
                \\ No newline at end of file
                """, """
                --- a/101.fw
                +++ b/101.fw
                @@ -3,4 +3,4 @@
                 log_level_in: info
                \s
                 [RULES]
                -IN DROP -p tcp
                \\ No newline at end of file
                +IN DROP -p tcp -log info
                \\ No newline at end of file
                """, """
                --- a/102.fw
                +++ b/102.fw
                @@ -1,5 +1,6 @@
                 [OPTIONS]
                 enable: 1
                +log_level_in: info
                \s
                 [RULES]
                 IN ACCEPT -p tcp -dport 22
                \\ No newline at end of file
                """);
        assertThat(plan.changes()).extracting(c -> String.join("\n", c.after())).containsExactly(
                "[OPTIONS]\nenable: 1\nlog_level_in: info",
                "[OPTIONS]\nenable: 1\nlog_level_in: info\n\n[RULES]\nIN DROP -p tcp -log info",
                "[OPTIONS]\nenable: 1\nlog_level_in: info\n\n[RULES]\nIN ACCEPT -p tcp -dport 22");
    }

    @Test
    void log_options_are_added_before_the_comment_or_replace_nolog() {
        assertThat(RuleLines.withLog("IN DROP -p tcp -dport 22 # ssh", LogLevel.INFO))
                .isEqualTo("IN DROP -p tcp -dport 22 -log info # ssh");
        assertThat(RuleLines.withLog("IN DROP -p tcp --log nolog", LogLevel.DEBUG)).isEqualTo("IN DROP -p tcp --log debug");
        assertThat(RuleLines.withLog("|OUT REJECT", LogLevel.ERR)).isEqualTo("|OUT REJECT -log err");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
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
