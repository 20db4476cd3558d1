package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.topic.Namespace;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The changelog topic settings of the window stores (time buckets, evidence). Kafka Streams gives a window store's
 * changelog {@code cleanup.policy=compact,delete} with the store's retention, and the broker applies that retention to
 * the records' timestamps, which are event times: in a namespace of replayed history (any but {@code live}) they are
 * old, so the broker deletes the changelog on its next retention pass, and state restored from it (after a restart
 * that wipes the local state, a rebalance, a lost disk) lost those buckets and that evidence. There the changelogs are
 * compacted only and kept, as the namespace's own topics are ({@code retention.ms=-1}).
 */
public final class WindowChangelogs {

    private WindowChangelogs() {
    }

    /** The changelog settings of the window stores of {@code namespace}: none beyond Kafka Streams' own when live. */
    public static Map<String, String> of(Namespace namespace) {
        return Namespace.LIVE.equals(namespace) ? Map.of()
                : Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
}
