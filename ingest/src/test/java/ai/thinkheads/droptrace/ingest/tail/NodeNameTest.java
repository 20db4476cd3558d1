package ai.thinkheads.droptrace.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeNameTest {

    @Test
    void a_node_is_named_by_its_host_name_up_to_the_first_dot() {
        assertThat(NodeName.of("pve1\n")).isEqualTo("pve1");
        assertThat(NodeName.of("pve2.cluster.example.org\n")).isEqualTo("pve2");
        assertThat(NodeName.of("\n")).isNull();
        assertThat(NodeName.of("(none)\n")).isNull();
    }

    @Test
    void this_machine_has_the_name_the_kernel_gives_it() throws Exception {
        String kernel = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(NodeName.local()).isEqualTo(kernel.contains(".") ? kernel.substring(0, kernel.indexOf('.')) : kernel);
    }
}
