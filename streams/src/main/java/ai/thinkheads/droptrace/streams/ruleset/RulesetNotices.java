package ai.thinkheads.droptrace.streams.ruleset;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What a running correlator says of the rulesets it decides by: the one in use when it starts (or that none is
 * published yet), then each new version it takes up without a restart, as {@link TracerCache} picks it: the most
 * recently published node's. Only the small header of each record is read.
 */
public final class RulesetNotices {

    private final String topic;
    /** The version said last; {@code ""} for none published; {@code null} before the first check. */
    private String said;

    /** @param topic the rulesets topic, named when none is published */
    public RulesetNotices(String topic) {
        this.topic = topic;
    }

    /** The line to say about the newest ruleset in {@code store}, or empty when it is the one said last. */
    public Optional<String> check(ReadOnlyKeyValueStore<String, byte[]> store) {
        TracerCache.Newest newest = TracerCache.newest(store);
        if (newest != null && newest.header().version() == null) {
            return Optional.empty(); // a record without a version: nothing to name
        }
        String version = newest == null ? "" : newest.header().version();
        if (version.equals(said)) {
            return Optional.empty();
        }
        String before = said;
        said = version;
        if (newest == null) {
            return Optional.of("ruleset: none published to " + topic + (before == null ? " yet" : " any more")
                    + ": verdicts are decided without one until 'droptrace rules publish' (or up) publishes one");
        }
        String which = "version " + version + " of node " + newest.node() + " (published "
                + newest.header().publishedAt().truncatedTo(ChronoUnit.SECONDS) + ")";
        return Optional.of(before == null || before.isEmpty() ? "ruleset: " + which
                : "ruleset: " + which + " is in use, without a restart (was " + before + ")");
    }
}
