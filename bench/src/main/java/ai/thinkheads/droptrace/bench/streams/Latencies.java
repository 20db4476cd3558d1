package ai.thinkheads.droptrace.bench.streams;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of latencies in milliseconds. */
final class Latencies {

    private final long[] sorted;

    Latencies(long[] millis) {
        this.sorted = millis.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The nearest-rank percentile ({@code p} in 0..100). */
    long percentile(double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    String line(String name) {
        return String.format(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d ms |", name, count(), percentile(50),
                percentile(99), count() == 0 ? -1 : sorted[sorted.length - 1]);
    }
}
