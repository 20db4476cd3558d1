package ai.thinkheads.droptrace.core.kafka;

import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * A producer's flush waited for at most a given time: a broker that does not answer keeps
 * {@link Producer#flush()} waiting for as long as the delivery timeout, which a stop must not wait out.
 */
public final class BoundedFlush {

    private BoundedFlush() {
    }

    /** Flushes {@code producer} on a daemon thread named {@code threadName}; whether it ended within {@code max}. */
    public static boolean flush(Producer<?, ?> producer, Duration max, String threadName) {
        Thread flushing = new Thread(producer::flush, threadName);
        flushing.setDaemon(true);
        flushing.start();
        try {
            flushing.join(Math.max(1, max.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !flushing.isAlive();
    }
}
