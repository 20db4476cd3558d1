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
    public void submit(Callable<T> batch) {
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
        long lines = 0;
        try {
            for (LineBlock block = blocks.next(); block != null; block = blocks.next()) {
                submit(work.apply(block));
                lines += block.count();
                afterBlock.accept(lines);
            }
        } catch (IOException e) {
            drain();
            throw new ReadFailure(source, lines, e);
        }
        drain();
    }

    /** Hands on every pending result, in order. */
    public void drain() {
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
