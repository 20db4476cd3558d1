package ai.thinkheads.droptrace.core.firewall.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSamples;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSite;
import ai.thinkheads.droptrace.core.phoenix.StackRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoenixLoggingProposalTest {

    static Function<String, String> reader(Path etc) {
        return file -> {
            try {
                Path p = etc.resolve(file);
                return Files.isRegularFile(p) ? Files.readString(p) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void the_json_gets_log_level_on_drop_rules_and_log_level_in_on_dropping_policies_and_the_fw_files_the_same() {
        // Given
        PhoenixRuleset p = PhoenixSamples.load(PhoenixSamples.NEW_LAYOUT, Generator.NEW);

        // When
        PhoenixLoggingProposal.Result r = PhoenixLoggingProposal.propose(p, reader(PhoenixSamples.NEW_LAYOUT), LogLevel.INFO);

        // Then
        assertThat(r.json()).extracting(FileChange::path).containsExactly(PhoenixSite.HYPERVISOR_FILE, PhoenixSite.LXC_FILE,
                PhoenixSite.VM_FILE);
        assertThat(r.json().get(0).diff()).contains("     \"firewall\": {\n+        \"log_level_in\": \"info\",\n         \"enabled\": true,");
        assertThat(r.json().get(1).diff()).contains("+                        \"log_level\": \"info\",\n"
                + "                         \"type\": \"out\",\n                         \"action\": \"DROP\",")
                .contains("+                \"log_level_in\": \"info\",");
        assertThat(r.json().get(1).changes()).anySatisfy(c -> assertThat(c).startsWith("phoenix_lxc_configs.json:164: + ")
                .endsWith("\"log_level\": \"info\", (DROP rule without a log level)"));
        assertThat(r.fw()).extracting(FileChange::path).contains("firewall/103.fw", "nodes/phoenix/host.fw");
        assertThat(r.fw().stream().filter(c -> c.path().equals("firewall/103.fw")).findFirst().orElseThrow().diff())
                .contains("+OUT DROP -log info # Lock down all other egress from the CA", "+log_level_in: info");
        assertThat(r.warnings().get(0)).startsWith("the current Phoenix generator ignores these JSON properties");
        assertThat(r.notes()).contains("Copy-Base (ct900): firewall.enabled is not true, so nothing it would log applies");
    }

    @Test
    void one_line_rules_are_edited_in_place_and_the_result_is_json_the_reader_takes_back(@TempDir Path dir) throws IOException {
        // Given
        PhoenixSamples.copyTree(PhoenixSamples.OLD_LAYOUT.getParent(), dir);
        Path etc = dir.resolve("etc");
        PhoenixRuleset p = PhoenixRuleset.load(etc, Generator.OLD, ReadOptions.defaults());

        // When
        PhoenixLoggingProposal.Result r = PhoenixLoggingProposal.propose(p, reader(etc), LogLevel.WARNING);
        for (FileChange c : r.json()) {
            Files.writeString(etc.resolve(c.path()), String.join("\n", c.after()));
        }
        PhoenixRuleset after = PhoenixRuleset.load(etc, Generator.OLD, ReadOptions.defaults());
        PhoenixLoggingProposal.Result again = PhoenixLoggingProposal.propose(after, reader(etc), LogLevel.WARNING);

        // Then
        assertThat(r.json().get(1).diff()).contains("+                    {\"log_level\": \"warning\", \"type\": \"out\", "
                + "\"action\": \"DROP\", \"comment\": \"Lock down all other egress from the CA\"}");
        assertThat(after.site().guest(103).orElseThrow().firewall().rules().get(3).logLevel()).isEqualTo("warning");
        assertThat(after.site().guest(103).orElseThrow().firewall().logLevelIn()).isEqualTo("warning");
        assertThat(after.site().firewall().logLevelIn()).isEqualTo("warning");
        assertThat(after.site().warnings()).isEmpty();
        assertThat(again.json()).isEmpty();
    }

    @Test
    void a_stack_deployed_by_two_vms_gets_its_log_level_once(@TempDir Path dir) throws IOException {
        // Given: VM 1002 deploys portainer_service too, whose prod rules now hold a DROP
        PhoenixSamples.copyTree(PhoenixSamples.NEW_LAYOUT.getParent(), dir);
        Path etc = dir.resolve("etc");
        Path vms = etc.resolve(PhoenixSite.VM_FILE);
        Files.writeString(vms, Files.readString(vms).replace("\"docker_stacks\": [\"qdrant_service\"]",
                "\"docker_stacks\": [\"qdrant_service\", {\"name\": \"portainer_service\", \"environment\": \"prod\"}]"));
        Path stack = dir.resolve("stacks/portainer_service/phoenix.json");
        Files.writeString(stack, Files.readString(stack).replace("\"firewall_rules\": [",
                "\"firewall_rules\": [\n                {\"type\": \"in\", \"action\": \"DROP\", \"proto\": \"tcp\", \"port\": \"22\"},"));
        PhoenixRuleset p = PhoenixRuleset.load(etc, Generator.NEW, ReadOptions.defaults());

        // When
        PhoenixLoggingProposal.Result r = PhoenixLoggingProposal.propose(p, reader(etc), LogLevel.INFO);
        for (FileChange c : r.json()) {
            Files.writeString(etc.resolve(c.path()), String.join("\n", c.after()));
        }
        PhoenixRuleset after = PhoenixRuleset.load(etc, Generator.NEW, ReadOptions.defaults());

        // Then
        assertThat(p.site().stacks()).filteredOn(s -> s.stack().equals("portainer_service"))
                .extracting(StackRules::vmid).containsExactly(1001, 1002);
        assertThat(Files.readString(stack)).containsOnlyOnce("\"log_level\"")
                .contains("{\"log_level\": \"info\", \"type\": \"in\", \"action\": \"DROP\"");
        assertThat(after.site().warnings()).noneSatisfy(w -> assertThat(w.message()).contains("written twice"));
    }

    @Test
    void a_json_file_with_crlf_line_endings_keeps_them_in_its_diff_so_that_the_diff_applies(@TempDir Path dir)
            throws IOException {
        // Given: the sample's JSON saved with CRLF (an editor on Windows); JSON itself does not mind
        PhoenixSamples.copyTree(PhoenixSamples.NEW_LAYOUT.getParent(), dir);
        Path etc = dir.resolve("etc");
        Path hypervisor = etc.resolve(PhoenixSite.HYPERVISOR_FILE);
        Files.writeString(hypervisor, Files.readString(hypervisor).replace("\n", "\r\n"));
        PhoenixRuleset p = PhoenixRuleset.load(etc, Generator.NEW, ReadOptions.defaults());

        // When
        PhoenixLoggingProposal.Result r = PhoenixLoggingProposal.propose(p, reader(etc), LogLevel.INFO);

        // Then: context and added lines end in CR LF as the file's do, as diff -u writes them (git apply and patch
        // match a context line with its CR); the header lines are the diff's own
        FileChange c = r.json().stream().filter(f -> f.path().equals(PhoenixSite.HYPERVISOR_FILE)).findFirst().orElseThrow();
        assertThat(c.diff()).contains("     \"firewall\": {\r\n+        \"log_level_in\": \"info\",\r\n"
                + "         \"enabled\": true,\r\n").startsWith("--- a/" + PhoenixSite.HYPERVISOR_FILE + "\n+++ b/");
        assertThat(c.after()).contains("        \"log_level_in\": \"info\",\r");
    }
}
