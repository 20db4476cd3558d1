package ai.thinkheads.droptrace.streams.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TracerCacheTest {

    @Test
    void the_header_is_read_from_the_front_of_a_published_ruleset_and_the_version_is_its_content_hash()
            throws Exception {
        // Given
        var ruleset = ConfigDirectoryReader.read(Path.of("..", "deploy", "examples", "firewall", "phoenix"),
                ReadOptions.defaults());
        PublishedRuleset first = PublishedRuleset.of(ruleset, Instant.parse("2026-01-01T00:00:00Z"), "a");
        PublishedRuleset again = PublishedRuleset.of(ruleset, Instant.parse("2026-01-02T00:00:00Z"), "b");
        // When
        byte[] json = Json.events().writeValueAsBytes(first);
        TracerCache.Header header = TracerCache.Header.of(json);
        // Then
        assertThat(new String(json, 0, 12, StandardCharsets.UTF_8)).startsWith("{\"version\":");
        assertThat(header.version()).isEqualTo(first.version()).hasSize(16);
        assertThat(header.publishedAt()).isEqualTo(first.publishedAt());
        assertThat(again.version()).as("same files, same version").isEqualTo(first.version());
        assertThat(Json.events().readValue(json, PublishedRuleset.class)).isEqualTo(first);
    }
}
