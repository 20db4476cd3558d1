package ai.thinkheads.droptrace.ingest.pipeline;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Work done on batches by a few worker threads while the calling thread hands results on in the
 * order the batches were submitted: the read side and the write/send side stay sequential (file
 * order, per-flow order in Kafka), the parse/serialise work in between runs in parallel. At most
 * {@code inFlight} batches are pending, so memory stays bounded.
 */
public final class OrderedBatches<T> implements AutoCloseable {

    private final ExecutorService workers;
    private final boolean ownsWorkers;
    private final int inFlight;
    private final Consumer<T> consumer;
    private final Deque<Future<T>> pending = new ArrayDeque<>();

    public OrderedBatches(int threads, int inFlight, String name, Consumer<T> consumer) {
        this(pool(threads, name), true, inFlight, consumer);
    }

    /** Batches of one ordered stream (a TCP connection) on workers shared with other streams. */
    public OrderedBatches(ExecutorService sharedWorkers, int inFlight, Consumer<T> consumer) {
        this(sharedWorkers, false, inFlight, consumer);
    }

    private OrderedBatches(ExecutorService workers, boolean ownsWorkers, int inFlight, Consumer<T> consumer) {
        this.workers = workers;
        this.ownsWorkers = ownsWorkers;
        this.inFlight = inFlight;
        this.consumer = consumer;
    }

    /** A pool of daemon worker threads. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Threads for parse work: one per core, or the system property {@code droptrace.workers}. */
    public static int workerThreads() {
        return Math.max(1, Integer.getInteger("droptrace.workers", Runtime.getRuntime().availableProcessors()));
    }

    /** Queues a batch; hands on the oldest results first when too many are pending. */
    public synchronized void submit(Callable<T> batch) {
        while (pending.size() >= inFlight) {
            handOnOldest();
        }
        pending.add(workers.submit(batch));
    }

    /**
     * Submits the work of every block of {@code source}'s {@code blocks}, in order, and hands on every
     * result; {@code afterBlock} is told the lines read so far after each block. When reading fails
     * part way, the results of what was read before are handed on first, then {@link ReadFailure}
     * says how far it got.
     */
    public void runAll(LineBlockSource blocks, String source, Function<LineBlock, Callable<T>> work,
            LongConsumer afterBlock) {
        runAll(blocks, source, work, afterBlock, () -> { });
    }

    /** How long reading may wait for more input before the results so far are handed on anyway. */
    static final long IDLE_MILLIS = 50;

    /**
     * As {@link #runAll(LineBlockSource, String, Function, LongConsumer)}, for sources that may be fed live
     * (a pipe: {@code journalctl -f | droptrace replay -}): when reading has waited {@value #IDLE_MILLIS} ms
     * for more input, the results ready so far are handed on (by a helper thread, while this one waits in
     * the read; one at a time, in order) and {@code afterIdle} runs (to flush what they were written to).
     * Without it the last blocks of a quiet pipe would wait for later ones to push them out. A fast source
     * never waits that long, so it pays nothing.
     */
    public void runAll(LineBlockSource blocks, String source, Function<LineBlock, Callable<T>> work,
            LongConsumer afterBlock, Runnable afterIdle) {
        long lines = 0;
        try (IdleHandOn idle = new IdleHandOn(afterIdle)) {
            try {
                while (true) {
                    idle.reading();
                    LineBlock block = blocks.next();
                    idle.done();
                    if (block == null) {
                        break;
                    }
                    submit(work.apply(block));
                    lines += block.count();
                    afterBlock.accept(lines);
                }
            } catch (IOException e) {
                idle.done();
                drain();
                throw new ReadFailure(source, lines, e);
            }
        }
        drain();
    }

    /** The helper of {@link #runAll(LineBlockSource, String, Function, LongConsumer, Runnable)}: hands on while reading waits. */
    private final class IdleHandOn implements AutoCloseable {
        private final Runnable afterIdle;
        private final Thread thread;
        /** When the read under way began ({@link System#nanoTime()}), 0 when none is. */
        private volatile long readingSince;
        private volatile RuntimeException failure;
        private volatile boolean closed;
        /** What the helper waits on between two looks: woken at close, never interrupted (it may be sending). */
        private final Object tick = new Object();

        IdleHandOn(Runnable afterIdle) {
            this.afterIdle = afterIdle;
            this.thread = new Thread(this::watch, "idle-hand-on");
            thread.setDaemon(true);
            thread.start();
        }

        void reading() {
            readingSince = System.nanoTime();
        }

        /** The read is over; a failure of what the helper handed on meanwhile is this thread's now. */
        void done() {
            readingSince = 0;
            RuntimeException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
        }

        private void watch() {
            long idle = IDLE_MILLIS * 1_000_000;
            while (!closed) {
                try {
                    synchronized (tick) {
                        if (!closed) {
                            tick.wait(IDLE_MILLIS / 2);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                long since = readingSince;
                if (since == 0 || System.nanoTime() - since < idle || failure != null) {
                    continue;
                }
                synchronized (OrderedBatches.this) {
                    if (readingSince != since) {
                        continue; // the read ended meanwhile: the reading thread goes on itself
                    }
                    try {
                        boolean handed = false;
                        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
                            handOnOldest();
                            handed = true;
                        }
                        if (handed) {
                            afterIdle.run();
                        }
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
            }
        }

        /**
         * Stops the helper once what it is handing on is handed on (not interrupted: a producer or a channel
         * would fail the record); a failure of its last hand-on is this thread's.
         */
        @Override
        public void close() {
            closed = true;
            synchronized (tick) {
                tick.notifyAll();
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RuntimeException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
        }
    }

    /** Hands on every pending result, in order. */
    public synchronized void drain() {
        while (!pending.isEmpty()) {
            handOnOldest();
        }
    }

    private void handOnOldest() {
        Future<T> oldest = pending.removeFirst();
        try {
            consumer.accept(oldest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        if (ownsWorkers) {
            workers.shutdownNow();
        }
    }
}
