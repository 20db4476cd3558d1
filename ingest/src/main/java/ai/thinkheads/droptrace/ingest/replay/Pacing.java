package ai.thinkheads.droptrace.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * How fast a replay goes: as fast as possible, or at a multiple of the log's own pace
 * ({@code --speed 10x} replays an hour of log in six minutes). Paced replay waits before an event
 * until its time, scaled, has come; time going backwards in the log does not wait (a little, within the maximum
 * wait, leaves the pace at the latest time; more starts it again there: another set, a line dated off). No pause
 * between two events is longer than the maximum ({@code --max-wait}, a minute by default): a quiet
 * night in the log, or a line dated years off, is cut to it, and the events after it keep their
 * spacing; the cuts are counted for the summary.
 */
public final class Pacing {

    /** The longest single wait unless told otherwise. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(1);

    private final double speed;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer sleep;
    /** A stop asked for (SIGTERM, Ctrl-C): a wait in progress ends within a tenth of a second. */
    private BooleanSupplier stop;
    private Instant previousEvent;
    /** When the previous event was due, on {@link #nanoTime}'s clock. */
    private long dueNanos;
    private long cuts;

    private Pacing(double speed, Duration maxWait, LongSupplier nanoTime, LongConsumer sleep, BooleanSupplier stop) {
        this.speed = speed;
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoTime = nanoTime;
        this.sleep = sleep;
        this.stop = stop;
    }

    public static Pacing asFastAsPossible() {
        return new Pacing(0, DEFAULT_MAX_WAIT, System::nanoTime, null, () -> false);
    }

    /** {@code speed} times the log's pace; must be positive. */
    public static Pacing times(double speed) {
        return times(speed, DEFAULT_MAX_WAIT, System::nanoTime, null);
    }

    /** As {@link #times(double)}, on a given clock and sleep (tests); {@code null} sleep: the real one. */
    static Pacing times(double speed, Duration maxWait, LongSupplier nanoTime, LongConsumer sleep) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("must be positive, was " + speed);
        }
        return new Pacing(speed, maxWait, nanoTime, sleep, () -> false);
    }

    /** This pace with no single wait longer than {@code maxWait} (positive). */
    public Pacing withMaxWait(Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("must be positive, was " + maxWait);
        }
        return new Pacing(speed, maxWait, nanoTime, sleep, stop);
    }

    /** Waits from now on end as soon as {@code stop} says so (checked every tenth of a second). */
    void stopWhen(BooleanSupplier stop) {
        this.stop = stop;
    }

    /** Reads {@code 10x}, {@code 0.5x}, {@code 10} or {@code max}. */
    public static Pacing parse(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("max") || t.equals("0")) {
            return asFastAsPossible();
        }
        if (t.endsWith("x")) {
            t = t.substring(0, t.length() - 1);
        }
        double speed;
        try {
            speed = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must look like 10x, 0.5x or max, was '" + text + "'", e);
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("must be a multiple above 0 such as 10x or 0.5x, or max, was '" + text + "'");
        }
        return times(speed);
    }

    public boolean paced() {
        return speed > 0;
    }

    /** How many waits were cut to the maximum. */
    public long cuts() {
        return cuts;
    }

    void await(Instant eventTime) {
        if (speed <= 0) {
            return;
        }
        if (previousEvent == null) {
            previousEvent = eventTime;
            dueNanos = nanoTime.getAsLong();
            return;
        }
        // Each event is due its log distance from the one before, scaled, after that one's due time:
        // a lagging sender catches up, time going backwards does not wait, and one line dated years
        // off (in doubles: no overflow) costs one maximum wait, not the pace of the rest.
        Duration log = Duration.between(previousEvent, eventTime);
        double logNanos = (log.getSeconds() * 1e9 + log.getNano()) / speed;
        if (logNanos < 0 && -logNanos <= maxWaitNanos) {
            // A line a little behind the latest (two hosts' clocks in one log, a merged log): it was due already, and
            // the pace goes on from the latest; taken as the new start, the next line waited its distance again.
            return;
        }
        double stepNanos = Math.max(0, logNanos);
        if (stepNanos > maxWaitNanos) {
            stepNanos = maxWaitNanos;
            cuts++;
        }
        previousEvent = eventTime;
        dueNanos += (long) stepNanos;
        long waitNanos = dueNanos - nanoTime.getAsLong();
        if (waitNanos > 0) {
            if (sleep != null) {
                sleep.accept(waitNanos);
            } else {
                sleepUnlessStopped(waitNanos);
            }
        }
    }

    private void sleepUnlessStopped(long nanos) {
        long end = System.nanoTime() + nanos;
        try {
            for (long left = nanos; left > 0 && !stop.getAsBoolean(); left = end - System.nanoTime()) {
                long slice = Math.min(left, 100_000_000L);
                Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return speed <= 0 ? "as fast as possible" : speed + "x the log's pace";
    }
}
