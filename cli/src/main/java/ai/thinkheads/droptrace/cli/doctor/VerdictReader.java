package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.streams.service.TopicFeed;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Reads the verdicts topic of a namespace from its start until a verdict with each wanted id has
 * arrived (committed verdicts only) or the deadline passed, polling Kafka, never sleeping.
 */
final class VerdictReader implements AutoCloseable {

    private final TopicFeed<String, Verdict> feed;

    VerdictReader(String bootstrapServers, Namespace namespace) {
        feed = TopicFeed.open(bootstrapServers, namespace, Topics.VERDICTS, null);
        if (feed == null) {
            throw new IllegalStateException("the verdicts topic of namespace " + namespace + " does not exist");
        }
    }

    /** The verdicts with the wanted ids ({@link Verdict#idOf}) that arrived by the deadline or until {@code stop}, by id. */
    Map<String, Verdict> await(Set<String> ids, Duration deadline, BooleanSupplier stop) {
        Map<String, Verdict> found = new HashMap<>();
        feed.pollUntil(() -> found.size() >= ids.size() || stop.getAsBoolean(), deadline, v -> {
            if (ids.contains(v.id())) {
                found.put(v.id(), v);
            }
        });
        return found;
    }

    @Override
    public void close() {
        feed.close();
    }
}
