package ai.thinkheads.droptrace.streams.runner;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a long-running command learns it should stop: SIGTERM or Ctrl-C (through a JVM shutdown
 * hook), or {@link #requestStop()}. The hook holds the JVM until this signal is closed (everything
 * else stopped cleanly) or the cleanup timeout passes, so Kafka Streams can commit and close.
 *
 * <pre>{@code
 * try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(60));
 *         CorrelationService service = CorrelationService.start(...)) {
 *     service.awaitStop(signal);
 * } // service closed first, then the signal releases the hook
 * }</pre>
 */
public final class ShutdownSignal implements AutoCloseable {

    /** The signals whose hook holds the JVM: installed and not yet closed. */
    private static final Set<ShutdownSignal> HOLDING = ConcurrentHashMap.newKeySet();

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Duration cleanupTimeout;
    private final Thread hook;

    private ShutdownSignal(Duration cleanupTimeout, boolean installHook) {
        this.cleanupTimeout = cleanupTimeout;
        if (installHook) {
            HOLDING.add(this);
            hook = new Thread(() -> {
                stopRequested.countDown();
                awaitQuietly(cleanedUp, cleanupTimeout);
            }, "droptrace-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        } else {
            hook = null;
        }
    }

    /** A signal raised by SIGTERM, SIGINT (Ctrl-C) or {@link #requestStop()}. */
    public static ShutdownSignal install(Duration cleanupTimeout) {
        return new ShutdownSignal(cleanupTimeout, true);
    }

    /** A signal raised only by {@link #requestStop()}: for tests and embedding. */
    public static ShutdownSignal manual() {
        return new ShutdownSignal(Duration.ZERO, false);
    }

    public void requestStop() {
        stopRequested.countDown();
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Waits until a stop is requested (or this thread is interrupted). */
    public void awaitStop() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for a stop request; true when one came. */
    public boolean await(Duration timeout) {
        return awaitQuietly(stopRequested, timeout);
    }

    /**
     * Waits until every installed signal has been closed by its command, each at most its cleanup timeout. For
     * the exit hooks of what a command closes itself on its way out (a temporary broker, a temporary directory):
     * at SIGTERM the JVM starts every shutdown hook at once, and one that stopped the broker or deleted the
     * directory right then would pull them from under the command's own stop (a log follower waiting for
     * Kafka, Kafka Streams writing its state), which then overruns its timeout and leaves files behind.
     */
    public static void awaitInstalledClosed() {
        for (ShutdownSignal signal : List.copyOf(HOLDING)) {
            awaitQuietly(signal.cleanedUp, signal.cleanupTimeout);
        }
    }

    /** Releases the shutdown hook: everything it waited for has stopped. */
    @Override
    public void close() {
        HOLDING.remove(this);
        cleanedUp.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already stopping; the hook has been released above.
            }
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
