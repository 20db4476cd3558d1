package ai.thinkheads.droptrace.streams.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RulesetPublisherTest {

    @Test
    void a_cluster_with_a_blocklist_ipset_of_150000_entries_fits_the_producer_and_the_topic_limits() throws IOException {
        // Given: a blocklist imported into cluster.fw, as many sites keep one
        StringBuilder text = new StringBuilder("[OPTIONS]\nenable: 1\n\n[IPSET blacklist]\n");
        for (int i = 0; i < 150_000; i++) {
            text.append(100 + i / 65536).append('.').append(i / 256 % 256).append('.').append(i % 256)
                    .append(".0/24 # blocklist entry\n");
        }
        FwFile cluster = FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, text.toString());
        Ruleset ruleset = new Ruleset(Ruleset.SCHEMA_VERSION, "pve1", Ruleset.Layout.PVE, cluster, List.of(), List.of(),
                new Inventory("pve1", List.of(), List.of()), null, null, List.of());
        PublishedRuleset version = PublishedRuleset.of(ruleset, Instant.parse("2026-01-01T00:00:00Z"), "test");

        // When
        byte[] record = Topics.RULESETS.valueSerde().serializer().serialize("t", version);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(record);
        }

        // Then: the producer's limit applies to the record as serialized, the topic's to the gzip batch
        assertThat(record.length).isGreaterThan(8 * 1024 * 1024).isLessThan(RulesetPublisher.MAX_REQUEST_BYTES);
        assertThat(compressed.size()).isLessThan(Integer.parseInt(Topics.RULESETS.config().get("max.message.bytes")));
    }
}
