package ai.thinkheads.droptrace.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceTest {

    @Test
    void topic_names_are_prefixed_with_droptrace_and_the_namespace() {
        assertThat(Namespace.LIVE.topic("firewall-events")).isEqualTo("droptrace.live.firewall-events");
        assertThat(Topics.UNPARSED.name(Namespace.of("replay-2025-11"))).isEqualTo("droptrace.replay-2025-11.unparsed");
    }

    @Test
    void a_namespace_with_spaces_dots_or_upper_case_is_refused() {
        assertThatThrownBy(() -> Namespace.of("My NS")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> Namespace.of("a.b")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> Namespace.of("")).hasMessageContaining("is not valid");
    }

    @Test
    void replay_namespaces_keep_old_records_and_live_keeps_the_broker_default() {
        assertThat(TopicAdmin.configFor(Namespace.of("replay"), Topics.FIREWALL_EVENTS))
                .containsEntry("retention.ms", "-1");
        assertThat(TopicAdmin.configFor(Namespace.LIVE, Topics.FIREWALL_EVENTS)).isEqualTo(Map.of());
    }

    @Test
    void replayed_history_gets_one_partition_so_the_correlator_reads_it_in_the_logs_order_and_live_gets_three() {
        assertThat(TopicAdmin.partitionsFor(Namespace.of("replay"))).isEqualTo(1);
        assertThat(TopicAdmin.partitionsFor(Namespace.of("incident-nov20"))).isEqualTo(1);
        assertThat(TopicAdmin.partitionsFor(Namespace.LIVE)).isEqualTo(3);
    }
}
