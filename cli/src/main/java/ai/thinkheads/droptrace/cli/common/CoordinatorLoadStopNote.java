package ai.thinkheads.droptrace.cli.common;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;

/**
 * The embedded broker's ERROR lines when it is stopped while its group coordinator still loads its state (a stop
 * asked for within a second or two of the broker's start: SIGTERM to {@code droptrace up} while it starts, Ctrl-C to
 * a demo): each {@code __consumer_offsets} partition whose loading the stop cut short is told as "Failed to load
 * metadata from __consumer_offsets-1 with epoch 14 due to Stopped loading records from __consumer_offsets-1 because
 * the partition is not online or is no longer the leader", one ERROR line per partition before {@code stopped
 * cleanly.}, though nothing failed: the partitions were going offline with the broker, and the next start loads them
 * again. It is kept at DEBUG (seen with {@code -v}); any other error of the coordinator is shown as Kafka logs it.
 */
final class CoordinatorLoadStopNote extends BrokerRetryNote {

    static final String COORDINATOR_RUNTIME = "org.apache.kafka.coordinator.common.runtime.CoordinatorRuntime";
    private static final String FAILED_LOAD = "Failed to load metadata from";
    private static final String STOPPED_LOADING = "Stopped loading records from";

    CoordinatorLoadStopNote() {
        super(COORDINATOR_RUNTIME, "the broker stopped while its group coordinator was loading a partition (it is "
                + "loaded again at the next start)");
    }

    @Override
    boolean retried(String format, Object[] params, Throwable t) {
        Throwable cause = t;
        if (cause == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            cause = last; // slf4j's convention: a throwable after the arguments the format uses
        }
        return format != null && format.contains(FAILED_LOAD) && cause instanceof NotLeaderOrFollowerException
                && cause.getMessage() != null && cause.getMessage().contains(STOPPED_LOADING);
    }
}
