package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --stats-every} of the commands that run until stopped ({@code ingest tail}, {@code ingest listen}):
 * a line of counts on stderr now and then, so that the journal of a service shows it is alive, what it
 * read and whether Kafka keeps up — not only the summary at its stop.
 */
public final class StatsOptions {

    @Option(names = "--stats-every", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How often to print a line of counts on stderr while running (lines read, parsed, "
                    + "dead-lettered since the line before; sent and acknowledged in all). 0s: never; at most 365d. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration every;

    /** A period under a second (other than 0s, never) or over a year is a usage error: called before anything starts. */
    public void check() {
        if (every.isNegative() || !every.isZero() && every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UserException(ExitCodes.USAGE, "--stats-every must be at least 1s, or 0s for never, was "
                    + every.toMillis() + " ms");
        }
        if (every.compareTo(Duration.ofDays(365)) > 0) { // in nanoseconds, centuries overflow the ticker's clock
            throw new UserException(ExitCodes.USAGE, "--stats-every must be at most 365 days, was " + every.toDays()
                    + " days");
        }
    }

    /** The printer of the lines, its first period starting now. */
    public Ticker ticker(OutputOptions output, Supplier<IngestCounts> counts, Supplier<Map<SummaryField, Object>> extra) {
        return new Ticker(output.err(), output.json(), every, counts, extra, System.nanoTime());
    }

    /** A printer of the same lines for another command ({@code up}), each line after {@code prefix}. */
    public static Ticker ticker(PrintWriter err, String prefix, Duration every, Supplier<IngestCounts> counts) {
        return ticker(err, prefix, every, counts, Map::of);
    }

    /** As {@link #ticker(PrintWriter, String, Duration, Supplier)}, each line ending with {@code extra}'s counts. */
    public static Ticker ticker(PrintWriter err, String prefix, Duration every, Supplier<IngestCounts> counts,
            Supplier<Map<SummaryField, Object>> extra) {
        return new Ticker(err, false, prefix, every, counts, extra, System.nanoTime());
    }

    /** Prints a line when a period has passed since the last; called from the command's waiting loop. */
    public static final class Ticker {
        private final PrintWriter err;
        private final boolean json;
        private final Duration every;
        private final Supplier<IngestCounts> counts;
        private final Supplier<Map<SummaryField, Object>> extra;
        private final String prefix;
        private long lastNanos;
        private IngestCounts last = new IngestCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

        Ticker(PrintWriter err, boolean json, Duration every, Supplier<IngestCounts> counts,
                Supplier<Map<SummaryField, Object>> extra, long startNanos) {
            this(err, json, "", every, counts, extra, startNanos);
        }

        private Ticker(PrintWriter err, boolean json, String prefix, Duration every, Supplier<IngestCounts> counts,
                Supplier<Map<SummaryField, Object>> extra, long startNanos) {
            this.err = err;
            this.json = json;
            this.prefix = prefix;
            this.every = every;
            this.counts = counts;
            this.extra = extra;
            this.lastNanos = startNanos;
        }

        /** Prints when the period is up at {@code nowNanos}; true when it printed. */
        public boolean tick(long nowNanos) {
            if (every.isZero() || nowNanos - lastNanos < every.toNanos()) {
                return false;
            }
            IngestCounts now = counts.get();
            print(now, (nowNanos - lastNanos) / 1e9);
            last = now;
            lastNanos = nowNanos;
            return true;
        }

        private void print(IngestCounts now, double seconds) {
            long read = now.read() - last.read();
            long unacknowledged = now.sent() - now.acknowledged();
            if (json) {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("seconds", Math.round(seconds));
                stats.put("read", read);
                stats.put("parsed", now.parsed() - last.parsed());
                stats.put("status", now.status() - last.status());
                stats.put("deadLettered", now.deadLettered() - last.deadLettered());
                stats.put("blank", now.blank() - last.blank());
                stats.put("sentInAll", now.sent());
                stats.put("acknowledgedInAll", now.acknowledged());
                extra.get().forEach((field, value) -> stats.put(field.key(), value));
                JsonOutput.line(err, Map.of("stats", stats));
                return;
            }
            StringBuilder line = new StringBuilder(prefix).append(String.format(Locale.ROOT,
                    "stats, last %d s: %s (%s/s), %s, %s, %s dead-lettered%s; in all %s, %,d acknowledged by Kafka",
                    Math.round(seconds), Count.of(read, "line") + " read", rate(read / Math.max(seconds, 1e-3)),
                    Count.of(now.parsed() - last.parsed(), "packet event"),
                    Count.of(now.status() - last.status(), "status line"),
                    Count.of(now.deadLettered() - last.deadLettered(), "line"), blank(now.blank() - last.blank()),
                    Count.of(now.sent(), "record") + " sent", now.acknowledged()));
            if (unacknowledged > 0) {
                line.append(String.format(Locale.ROOT, " (%,d waiting for it)", unacknowledged));
            }
            extra.get().forEach((field, v) -> line.append("; ").append(field.label()).append(' ').append(Count.grouped(v)));
            err.println(line);
            err.flush();
        }

        /**
         * The blank lines read in the period, when there were any: nothing is sent for them, and without them the
         * line's counts did not add up to the lines read (55 read, 50 + 1 + 2).
         */
        private static String blank(long blank) {
            return blank == 0 ? "" : ", " + Count.of(blank, "blank line") + " skipped";
        }

        private static String rate(double perSecond) {
            return String.format(Locale.ROOT, perSecond >= 10 ? "%,.0f" : "%.1f", perSecond);
        }
    }
}
