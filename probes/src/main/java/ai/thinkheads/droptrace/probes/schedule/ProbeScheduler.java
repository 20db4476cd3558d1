package ai.thinkheads.droptrace.probes.schedule;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.exec.CutByStop;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probes on a fixed pool of workers (bounded concurrency, bounded queue), each with a hard
 * timeout: a run that overruns its timeout plus a grace period is reported as ERROR and its worker
 * is interrupted. {@link #runOnce} runs a list once; {@link #runFor} repeats each probe at its
 * interval, shifted by a random jitter, never overlapping two runs of the same probe.
 */
public final class ProbeScheduler implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProbeScheduler.class);
    static final Duration HARD_GRACE = Duration.ofSeconds(10);

    private final Function<PlannedProbe, ProbeResult> executor;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor timer;
    /**
     * Hands results to the sink of {@link #runFor}, one at a time: never on the timer, whose one thread schedules
     * every run and fires every hard timeout, so a sink that blocks (a send to a Kafka that went away) cannot stop them.
     */
    private final ExecutorService handOver;
    private final double jitter;
    private final Clock clock;
    private volatile boolean stopping;
    /** The jittered starts waiting on the timer: a stop cancels them rather than waiting for them to come due. */
    private final Set<ScheduledFuture<?>> pendingStarts = ConcurrentHashMap.newKeySet();
    private final AtomicLong cutByStop = new AtomicLong();

    public ProbeScheduler(ProbeExecutor executor, int concurrency, double jitter, Clock clock) {
        this(executor::run, concurrency, jitter, clock);
    }

    public ProbeScheduler(Function<PlannedProbe, ProbeResult> executor, int concurrency, double jitter, Clock clock) {
        this.executor = executor;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1024, concurrency * 64)), r -> daemon(r, "probe-" + n.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "probe-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.handOver = Executors.newSingleThreadExecutor(r -> daemon(r, "probe-results"));
        this.jitter = jitter;
        this.clock = clock;
    }

    /**
     * Runs every probe once, concurrently within the bound; results in the order of {@code probes}, without the
     * runs {@link #cutByStop cut short by the stop} and those a {@link #stop} kept from starting.
     */
    public List<ProbeResult> runOnce(List<PlannedProbe> probes) {
        List<CompletableFuture<ProbeResult>> futures = new ArrayList<>();
        for (PlannedProbe p : probes) {
            futures.add(submit(p));
        }
        List<ProbeResult> results = new ArrayList<>();
        for (CompletableFuture<ProbeResult> f : futures) {
            ProbeResult r = f.exceptionally(e -> null).join();
            if (r != null) {
                results.add(r);
            }
        }
        return results;
    }

    /**
     * Repeats each probe at its interval until {@code duration} has passed (or {@link #close}),
     * handing each result to {@code sink} as it arrives. Returns how many runs completed.
     */
    public long runFor(List<PlannedProbe> probes, Duration duration, Consumer<ProbeResult> sink) throws InterruptedException {
        Set<String> running = ConcurrentHashMap.newKeySet();
        AtomicLong done = new AtomicLong();
        for (PlannedProbe p : probes) {
            long interval = p.interval().toMillis();
            // A few probes all start within the first second; more probes than workers are spread over
            // the interval so the load is even. Every later run is shifted by the jitter.
            long window = probes.size() > workers.getMaximumPoolSize() ? interval : Math.min(1000, interval);
            long first = (long) (ThreadLocalRandom.current().nextDouble() * Math.max(1, window));
            java.util.concurrent.atomic.AtomicBoolean firstRun = new java.util.concurrent.atomic.AtomicBoolean(true);
            timer.scheduleAtFixedRate(() -> {
                if (stopping || !running.add(p.id())) {
                    return; // the previous run of this probe is still going: skip, never overlap
                }
                long shift = firstRun.getAndSet(false) ? 0 : (long) (ThreadLocalRandom.current().nextDouble() * interval * jitter);
                AtomicReference<ScheduledFuture<?>> self = new AtomicReference<>();
                ScheduledFuture<?> start = timer.schedule(() -> {
                    ScheduledFuture<?> me = self.get();
                    if (me != null) {
                        pendingStarts.remove(me);
                    }
                    if (stopping) {
                        running.remove(p.id());
                        return;
                    }
                    submit(p).whenCompleteAsync((r, e) -> {
                        try {
                            if (r != null) {
                                done.incrementAndGet();
                                sink.accept(r);
                            }
                        } catch (RuntimeException failure) {
                            // The sink's to say (and to stop the run if it must); the probe stays on its schedule.
                            LOGGER.atWarn().addKeyValue("probeId", p.id()).addKeyValue("error", failure.toString())
                                    .log("a probe result could not be handed over");
                        } finally {
                            running.remove(p.id());
                        }
                    }, handOver);
                }, shift, TimeUnit.MILLISECONDS);
                self.set(start);
                pendingStarts.add(start);
                if (start.isDone() || stopping) {
                    pendingStarts.remove(start); // it ran already, or the stop's cancelling may have missed it
                    start.cancel(false);
                    if (start.isCancelled()) {
                        running.remove(p.id());
                    }
                }
            }, first, interval, TimeUnit.MILLISECONDS);
        }
        if (!timer.awaitTermination(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            stop();
        }
        // The runs in flight finish (each within its hard timeout, whose guards keep the timer alive) and are
        // counted and handed over before this returns, rather than being interrupted by close() as failures.
        timer.awaitTermination(longestHard(probes).toMillis() + 1000, TimeUnit.MILLISECONDS);
        handOver.shutdown(); // the results of the runs that finished are handed over before the count
        handOver.awaitTermination(HARD_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        return done.get();
    }

    /** Starts no more runs; the runs in flight finish, then {@link #runFor} returns. */
    public void stop() {
        stopping = true;
        // A start shifted by the jitter (up to interval x jitter away) would hold the end until it came due, to
        // start nothing; the hard timeouts of the runs in flight stay on the timer and end it when they are done.
        for (ScheduledFuture<?> start : List.copyOf(pendingStarts)) {
            start.cancel(false);
            pendingStarts.remove(start);
        }
        timer.shutdown();
    }

    /** How many jittered starts wait on the timer (for tests). */
    int pendingStarts() {
        return pendingStarts.size();
    }

    /** Whether the timer has ended: no start and no hard timeout is left on it (for tests). */
    boolean timerEnded() {
        return timer.isTerminated();
    }

    /** Whether {@link #stop} was called: the supplier for {@code CommandRunner.cutShortWhen}. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * How many runs ended without a result because their command ended by the signal that stopped droptrace
     * ({@link CutByStop}): neither handed to the sink nor counted as done.
     */
    public long cutByStop() {
        return cutByStop.get();
    }

    private static Duration longestHard(List<PlannedProbe> probes) {
        return probes.stream().map(ProbeScheduler::hard).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    private static Duration hard(PlannedProbe p) {
        return p.timeout().plus(HARD_GRACE).plus(p.timeout()); // http may follow pages: twice the timeout
    }

    private CompletableFuture<ProbeResult> submit(PlannedProbe p) {
        Instant start = clock.instant();
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        Duration hard = hard(p);
        try {
            workers.execute(() -> {
                if (stopping) {
                    // Waited in the queue past the stop: a stop starts no new run.
                    result.completeExceptionally(new CancellationException("not started: stopping"));
                    return;
                }
                // The hard timeout counts from the start of the run, not from the time it waited in the queue.
                Thread worker = Thread.currentThread();
                ScheduledFuture<?> guard = guard(p, start, hard, result, worker);
                try {
                    result.complete(executor.apply(p));
                } catch (CutByStop e) {
                    // Counted before the future completes: whoever waits on it reads the count after.
                    cutByStop.incrementAndGet();
                    if (!result.completeExceptionally(e)) {
                        cutByStop.decrementAndGet(); // the hard timeout reported it already
                    }
                } catch (RuntimeException e) {
                    result.complete(ProbeExecutor.result(p, start, Finding.of(ProbeOutcome.ERROR,
                            "the probe could not run: " + e.getMessage()), 0));
                } catch (StackOverflowError | OutOfMemoryError e) {
                    // one run's check (a pattern that recursed deeply, an allocation too large) failed, the JVM did not:
                    // a result, where the run used to end without one and a --once run waited for it forever
                    result.complete(ProbeExecutor.result(p, start, Finding.of(ProbeOutcome.ERROR,
                            "the probe could not run: " + e), 0));
                } finally {
                    if (guard != null) {
                        guard.cancel(false);
                    }
                    Thread.interrupted();
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(ProbeExecutor.result(p, start, Finding.of(ProbeOutcome.ERROR,
                    "skipped: " + workers.getQueue().size() + " probes are already waiting for a worker"), 0));
        }
        return result;
    }

    /** The hard timeout of a run; {@code null} once stopping, when the run is bounded by its own timeouts alone. */
    private ScheduledFuture<?> guard(PlannedProbe p, Instant start, Duration hard, CompletableFuture<ProbeResult> result,
            Thread worker) {
        try {
            return timer.schedule(() -> {
                if (result.complete(ProbeExecutor.result(p, start, Finding.of(ProbeOutcome.ERROR,
                        "the probe overran its hard timeout of " + hard.toSeconds() + " s and was abandoned"), hard.toMillis()))) {
                    worker.interrupt();
                }
            }, hard.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    public int activeWorkers() {
        return workers.getActiveCount();
    }

    public int poolSize() {
        return workers.getMaximumPoolSize();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        handOver.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
