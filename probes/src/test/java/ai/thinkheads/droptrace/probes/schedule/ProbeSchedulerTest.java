package ai.thinkheads.droptrace.probes.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.exec.CutByStop;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import ai.thinkheads.droptrace.probes.testing.Probing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProbeSchedulerTest {

    static List<PlannedProbe> probes(int n) {
        StringBuilder yaml = new StringBuilder(Probing.SITE + "probes:\n");
        IntStream.range(0, n).forEach(i -> yaml.append("  - {id: p").append(i).append(", to: 127.0.0.1, kind: tcp, port: 9}\n"));
        return Probing.plan(yaml.toString()).probes();
    }

    /** Probes that take 1.5 s and pass, or say they were interrupted if they were. */
    static Function<PlannedProbe, ProbeResult> probesTaking1500Ms() {
        return p -> {
            try {
                Thread.sleep(1500);
                return ProbeExecutor.result(p, Instant.now(), Finding.of(ProbeOutcome.OPEN, "ok"), 1500);
            } catch (InterruptedException e) {
                return ProbeExecutor.result(p, Instant.now(), Finding.of(ProbeOutcome.ERROR, "interrupted"), 0);
            }
        };
    }

    @Test
    void run_once_never_runs_more_probes_at_a_time_than_the_pool_and_keeps_the_order() {
        // Given
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<PlannedProbe> probes = probes(40);
        // When
        List<ProbeResult> results;
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            for (int i = 0; i < 200_000; i++) {
                Thread.onSpinWait();
            }
            running.decrementAndGet();
            return ProbeExecutor.result(p, Instant.now(), Finding.of(ProbeOutcome.OPEN, "ok"), 0);
        }, 3, 0.1, Clock.systemUTC())) {
            results = scheduler.runOnce(probes);
        }
        // Then
        assertThat(peak.get()).isBetween(1, 3);
        assertThat(results).extracting(ProbeResult::probeId).containsExactlyElementsOf(probes.stream().map(PlannedProbe::id).toList());
    }

    @Test
    void at_the_end_of_run_for_the_runs_in_flight_finish_and_are_counted_instead_of_being_interrupted() throws Exception {
        // Given probes that take 1.5 s, and say so when they are interrupted; each starts in the first second
        List<ProbeResult> delivered = new CopyOnWriteArrayList<>();
        long runs;
        try (ProbeScheduler scheduler = new ProbeScheduler(probesTaking1500Ms(), 4, 0.1, Clock.systemUTC())) {
            // When the schedule ends while they run
            runs = scheduler.runFor(probes(3), Duration.ofMillis(1100), delivered::add);
            // Then every run was handed over before runFor returned, whole, and the count says how many
            assertThat(delivered).hasSize(3);
            assertThat(runs).isEqualTo(3);
        }
        assertThat(delivered).extracting(ProbeResult::outcome).containsOnly(ProbeOutcome.OPEN);
    }

    @Test
    void a_stop_asked_while_runs_are_in_flight_lets_them_finish_and_starts_no_more() throws Exception {
        // Given probes that take 1.5 s, each started in the first second of a long schedule
        List<ProbeResult> delivered = new CopyOnWriteArrayList<>();
        try (ProbeScheduler scheduler = new ProbeScheduler(probesTaking1500Ms(), 4, 0.1, Clock.systemUTC())) {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(1100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                scheduler.stop();
            });
            stopper.start();

            // When a stop comes (SIGTERM to probe run or up) while they run
            long runs = scheduler.runFor(probes(3), Duration.ofHours(1), delivered::add);

            // Then runFor returns with the three runs whole and counted
            assertThat(runs).isEqualTo(3);
            stopper.join();
        }
        assertThat(delivered).extracting(ProbeResult::outcome).containsExactly(ProbeOutcome.OPEN, ProbeOutcome.OPEN, ProbeOutcome.OPEN);
    }

    @Test
    void a_sink_that_fails_once_does_not_take_the_probe_off_its_schedule() throws Exception {
        // Given one probe every second whose first result cannot be handed over (a results file on a full disk)
        List<PlannedProbe> probes = Probing.plan(Probing.SITE + "probes:\n  - {id: p0, to: 127.0.0.1, kind: tcp, port: 9, interval: 1s}\n")
                .probes();
        AtomicInteger handed = new AtomicInteger();
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> ProbeExecutor.result(p, Instant.now(),
                Finding.of(ProbeOutcome.OPEN, "ok"), 0), 2, 0.1, Clock.systemUTC())) {
            // When the schedule runs until the sink has been given a second result
            long runs = scheduler.runFor(probes, Duration.ofSeconds(60), r -> {
                if (handed.incrementAndGet() == 1) {
                    throw new UncheckedIOException(new IOException("No space left on device"));
                }
                scheduler.stop();
            });

            // Then the probe ran again after the failure, and the schedule ended at the stop, not after 60 s
            assertThat(handed.get()).isGreaterThanOrEqualTo(2);
            assertThat(runs).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void a_stop_does_not_wait_for_a_start_the_jitter_put_off() throws Exception {
        // Given one probe every second whose later starts the jitter shifts by up to 20 s
        List<PlannedProbe> probes = Probing.plan(Probing.SITE + "probes:\n  - {id: p0, to: 127.0.0.1, kind: tcp, port: 9, interval: 1s}\n")
                .probes();
        List<ProbeResult> delivered = new CopyOnWriteArrayList<>();
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> ProbeExecutor.result(p, Instant.now(),
                Finding.of(ProbeOutcome.OPEN, "ok"), 0), 2, 20.0, Clock.systemUTC())) {
            AtomicInteger waitingAfterStop = new AtomicInteger(-1);
            Thread stopper = new Thread(() -> {
                // the stop comes once the second start waits on the timer (bounded: at most 10 s of looking); the first
                // start waits there too, for no time, so only a start after the first result is the second
                for (int i = 0; i < 1000 && (delivered.isEmpty() || scheduler.pendingStarts() == 0); i++) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                scheduler.stop();
                waitingAfterStop.set(scheduler.pendingStarts());
            });
            stopper.start();

            // When the stop comes while that start waits
            long runs = scheduler.runFor(probes, Duration.ofHours(1), delivered::add);
            stopper.join();

            // Then the stop called the start off at once (before, it stayed on the timer, and runFor waited until it
            // came due, to start nothing)
            assertThat(waitingAfterStop.get()).isZero();
            assertThat(scheduler.timerEnded()).isTrue();
            assertThat(runs).isEqualTo(1);
        }
    }

    @Test
    void a_probe_that_throws_becomes_an_error_result_instead_of_stopping_the_run() {
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> {
            throw new IllegalStateException("boom");
        }, 2, 0.1, Clock.systemUTC())) {
            List<ProbeResult> results = scheduler.runOnce(probes(2));
            assertThat(results).extracting(ProbeResult::outcome).containsOnly(ProbeOutcome.ERROR);
            assertThat(results.get(0).explanation()).contains("boom");
            assertThat(results.get(0).passed()).isFalse();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // without the catch, runOnce waits for a result that never comes
    void a_probe_whose_check_overflows_the_stack_becomes_an_error_result_instead_of_a_run_without_end() {
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> {
            throw new StackOverflowError();
        }, 2, 0.1, Clock.systemUTC())) {
            List<ProbeResult> results = scheduler.runOnce(probes(2));
            assertThat(results).extracting(ProbeResult::outcome).containsOnly(ProbeOutcome.ERROR);
            assertThat(results.get(0).explanation()).isEqualTo("the probe could not run: java.lang.StackOverflowError");
        }
    }

    @Test
    void a_run_cut_short_by_the_stop_is_counted_but_never_handed_over_as_a_result() throws Exception {
        // Given one probe that passes and one whose command got the stop's signal (CommandRunner throws then)
        List<ProbeResult> delivered = new CopyOnWriteArrayList<>();
        List<PlannedProbe> probes = probes(2);
        Function<PlannedProbe, ProbeResult> passing = probesTaking1500Ms();
        try (ProbeScheduler scheduler = new ProbeScheduler(p -> {
            if (p.id().equals("p1")) {
                cutShortAfter1500Ms();
            }
            return passing.apply(p);
        }, 4, 0.1, Clock.systemUTC())) {
            // When the schedule ends while both run
            long runs = scheduler.runFor(probes, Duration.ofMillis(1100), delivered::add);

            // Then only the whole run is a result; the cut one is counted apart, and runOnce leaves it out too
            assertThat(delivered).extracting(ProbeResult::probeId).containsExactly("p0");
            assertThat(runs).isEqualTo(1);
            assertThat(scheduler.cutByStop()).isEqualTo(1);
        }
        try (ProbeScheduler once = new ProbeScheduler(p -> {
            throw new CutByStop("nc", "SIGINT");
        }, 2, 0.1, Clock.systemUTC())) {
            assertThat(once.runOnce(probes)).isEmpty();
            assertThat(once.cutByStop()).isEqualTo(2);
        }
    }

    @Test
    void a_stop_during_run_once_lets_the_run_in_flight_finish_and_starts_none_of_the_waiting_ones() throws Exception {
        // Given one worker and three probes of 1.5 s: two wait in the queue
        try (ProbeScheduler scheduler = new ProbeScheduler(probesTaking1500Ms(), 1, 0.1, Clock.systemUTC())) {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                scheduler.stop();
            });
            stopper.start();

            // When the stop comes while the first runs
            List<ProbeResult> results = scheduler.runOnce(probes(3));
            stopper.join();

            // Then the first is whole; the others never started (no result, not cut short either)
            assertThat(results).extracting(ProbeResult::probeId).containsExactly("p0");
            assertThat(results.get(0).outcome()).isEqualTo(ProbeOutcome.OPEN);
            assertThat(scheduler.cutByStop()).isZero();
        }
    }

    private static void cutShortAfter1500Ms() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new CutByStop("sleep", "SIGTERM");
    }
}
