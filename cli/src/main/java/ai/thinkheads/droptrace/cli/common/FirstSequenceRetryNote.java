package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * The embedded broker's ERROR line for a produce request it turns away so that nothing is lost, shown to no one:
 * a producer's first batches to a partition just created (Kafka Streams' repartition topics, at every start) can
 * reach the broker out of order while the partition comes up, and Kafka 4.4's broker ({@code ProducerAppendInfo})
 * refuses a transactional producer's first batch whose sequence is not 0 ({@code Expected sequence 0 for
 * transactions v2 idempotent producer with no existing state}) rather than take it ahead of the earlier one. The producer sends the earlier batch again, then this one; the ERROR line, once per
 * partition on every start, told a newcomer running {@code droptrace demo} that something had failed. It is kept at
 * DEBUG (seen with {@code -v}); any other error of the broker is shown as Kafka logs it.
 */
final class FirstSequenceRetryNote extends TurboFilter {

    static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";
    static final String NOTE_LOGGER = "ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || !(t instanceof OutOfOrderSequenceException) || t.getMessage() == null
                || !t.getMessage().contains("with no existing state") || !REPLICA_MANAGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        logger.getLoggerContext().getLogger(NOTE_LOGGER).debug("the broker turned away a first batch out of order "
                + "(the producer sends it again after the earlier one): {}", t.getMessage());
        return FilterReply.DENY;
    }
}
