package ai.thinkheads.droptrace.ingest.replay;

import java.time.Instant;

/**
 * How fast a replay goes: as fast as possible, or at a multiple of the log's own pace
 * ({@code --speed 10x} replays an hour of log in six minutes). Paced replay waits before an event
 * until its time, scaled, has come; time going backwards in the log does not wait.
 */
public final class Pacing {

    private final double speed;
    private Instant firstEvent;
    private long startNanos;

    private Pacing(double speed) {
        this.speed = speed;
    }

    public static Pacing asFastAsPossible() {
        return new Pacing(0);
    }

    /** {@code speed} times the log's pace; must be positive. */
    public static Pacing times(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("must be positive, was " + speed);
        }
        return new Pacing(speed);
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

    void await(Instant eventTime) {
        if (speed <= 0) {
            return;
        }
        if (firstEvent == null) {
            firstEvent = eventTime;
            startNanos = System.nanoTime();
            return;
        }
        long logNanos = java.time.Duration.between(firstEvent, eventTime).toNanos();
        long due = startNanos + (long) (logNanos / speed);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return speed <= 0 ? "as fast as possible" : speed + "x the log's pace";
    }
}
