package ai.thinkheads.droptrace.streams.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RulesetNoticesTest {

    @Test
    void a_running_correlator_says_the_ruleset_it_starts_with_and_each_new_version_it_takes_up() throws Exception {
        // Given the global store of a correlator, empty at its start
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("rulesets"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        RulesetNotices notices = new RulesetNotices("droptrace.lab.rulesets");
        Ruleset ruleset = ConfigDirectoryReader.read(Path.of("..", "deploy", "examples", "firewall", "phoenix"),
                ReadOptions.defaults());
        PublishedRuleset first = PublishedRuleset.of(ruleset, Instant.parse("2026-01-01T00:00:00Z"), "a");
        PublishedRuleset second = new PublishedRuleset("0123456789abcdef", 1, "phoenix",
                Instant.parse("2026-01-01T01:00:00Z"), "a", ruleset);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);

        // When it checks at its start, after a publication, again unchanged, and after a new version
        Optional<String> atStart = notices.check(store);
        store.put("phoenix", Json.events().writeValueAsBytes(first));
        Optional<String> published = notices.check(store);
        Optional<String> unchanged = notices.check(store);
        store.put("phoenix", Json.events().writeValueAsBytes(second));
        Optional<String> changed = notices.check(store);

        // Then
        assertThat(atStart).contains("ruleset: none published to droptrace.lab.rulesets yet: verdicts are decided "
                + "without one until 'droptrace rules publish' (or up) publishes one");
        assertThat(published).contains("ruleset: version " + first.version() + " of node phoenix (published "
                + "2026-01-01T00:00:00Z)");
        assertThat(unchanged).isEmpty();
        assertThat(changed).contains("ruleset: version 0123456789abcdef of node phoenix (published 2026-01-01T01:00:00Z) "
                + "is in use, without a restart (was " + first.version() + ")");
    }
}
