package ai.thinkheads.droptrace.cli.common;

import org.apache.kafka.common.errors.OutOfOrderSequenceException;

/**
 * The embedded broker's ERROR line for a produce request it turns away so that nothing is lost, shown to no one:
 * a producer's first batches to a partition just created (Kafka Streams' repartition topics, at every start) can
 * reach the broker out of order while the partition comes up, and Kafka 4.4's broker ({@code ProducerAppendInfo})
 * refuses a transactional producer's first batch whose sequence is not 0 ({@code Expected sequence 0 for
 * transactions v2 idempotent producer with no existing state}) rather than take it ahead of the earlier one. The producer sends the earlier batch again, then this one; the ERROR line, once per
 * partition on every start, told a newcomer running {@code droptrace demo} that something had failed. It is kept at
 * DEBUG (seen with {@code -v}); any other error of the broker is shown as Kafka logs it.
 */
final class FirstSequenceRetryNote extends BrokerRetryNote {

    static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";

    FirstSequenceRetryNote() {
        super(REPLICA_MANAGER, "the broker turned away a first batch out of order (the producer sends it again after "
                + "the earlier one)");
    }

    @Override
    boolean retried(String format, Object[] params, Throwable t) {
        return t instanceof OutOfOrderSequenceException && t.getMessage() != null
                && t.getMessage().contains("with no existing state");
    }
}
