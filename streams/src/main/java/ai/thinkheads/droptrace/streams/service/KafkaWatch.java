package ai.thinkheads.droptrace.streams.service;

import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks Kafka every few seconds whether it answers, for a long-running correlator: Kafka Streams waits for a broker
 * that went away without a word (its state stays RUNNING), so the user would not know. After {@code quiet} without
 * an answer it says so once, and once when Kafka answers again; the query API's health names it meanwhile.
 */
public final class KafkaWatch implements AutoCloseable {

    /** How often Kafka is asked, and how long an answer may take. */
    static final Duration EVERY = Duration.ofSeconds(5);
    /** How long after Kafka last did not answer a failed stream thread is taken for a casualty of that outage. */
    static final Duration OUTAGE_AFTERMATH = Duration.ofMinutes(5);

    private final String bootstrapServers;
    private final Duration quiet;
    private final Consumer<String> notices;
    private final Clock clock;
    private final Admin admin;
    private final Thread thread;
    /** When Kafka stopped answering; {@code null} while it answers. */
    private volatile Instant silentSince;
    /** When Kafka last did not answer; {@code null} when it always has. */
    private volatile Instant lastSilent;
    private boolean said;
    private volatile boolean closed;

    private final BooleanSupplier ask;

    private KafkaWatch(String bootstrapServers, Duration quiet, Consumer<String> notices, Clock clock,
            BooleanSupplier ask) {
        this.bootstrapServers = bootstrapServers;
        this.quiet = quiet;
        this.notices = notices;
        this.clock = clock;
        this.admin = Admin.create(KafkaClientSettings.with(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) EVERY.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) EVERY.toMillis())));
        this.ask = ask != null ? ask : this::answers;
        this.thread = new Thread(this::run, "droptrace-kafka-watch");
        thread.setDaemon(true);
    }

    /**
     * Starts watching the Kafka at {@code bootstrapServers}.
     *
     * @param quiet how long Kafka may not answer before {@code notices} is told
     * @param notices gets one line when Kafka has not answered for {@code quiet}, and one when it answers again
     */
    public static KafkaWatch start(String bootstrapServers, Duration quiet, Consumer<String> notices) {
        KafkaWatch watch = new KafkaWatch(bootstrapServers, quiet, notices, Clock.systemUTC(), null);
        watch.thread.start();
        return watch;
    }

    /** A watch that asks nothing by itself: {@link #observe} is told the answers (tests). */
    static KafkaWatch unstarted(String bootstrapServers, Duration quiet, Consumer<String> notices, Clock clock) {
        return new KafkaWatch(bootstrapServers, quiet, notices, clock, null);
    }

    /** A started watch that asks {@code ask} instead of Kafka (tests). */
    static KafkaWatch asking(BooleanSupplier ask, Duration quiet, Consumer<String> notices) {
        KafkaWatch watch = new KafkaWatch("127.0.0.1:9092", quiet, notices, Clock.systemUTC(), ask);
        watch.thread.start();
        return watch;
    }

    /** In words for the health answer: {@code answering}, or since when it has not answered (after {@code quiet}). */
    public String health() {
        Instant since = silentSince;
        if (since == null || Duration.between(since, clock.instant()).compareTo(quiet) < 0) {
            return "answering";
        }
        return "not answering since " + since.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Whether Kafka did not answer now or within {@link #OUTAGE_AFTERMATH}: a stream thread that fails then (a
     * transaction's commit that timed out while the broker was away) is a casualty of the outage, not of a bug.
     */
    public boolean awayLately() {
        Instant last = lastSilent;
        return silentSince != null
                || last != null && Duration.between(last, clock.instant()).compareTo(OUTAGE_AFTERMATH) < 0;
    }

    private void run() {
        while (!closed) {
            boolean answered = ask.getAsBoolean();
            if (closed) {
                return; // the close cut the question short: no answer to tell of
            }
            observe(answered, clock.instant());
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Takes in one answer (or none) of Kafka's at {@code now}. */
    void observe(boolean answered, Instant now) {
        if (!answered) {
            lastSilent = now;
            if (silentSince == null) {
                silentSince = now;
            }
            if (!said && Duration.between(silentSince, now).compareTo(quiet) >= 0) {
                said = true;
                notices.accept("Kafka at " + bootstrapServers + " has not answered for "
                        + Duration.between(silentSince, now).toSeconds() + " s (since "
                        + silentSince.truncatedTo(ChronoUnit.SECONDS) + "); still running: nothing is correlated, "
                        + "decided or committed until it answers, then it goes on where it was; the query API answers "
                        + "from the state as it is");
            }
            return;
        }
        if (said) {
            notices.accept("Kafka at " + bootstrapServers + " answers again, after "
                    + Duration.between(silentSince, now).toSeconds() + " s");
        }
        said = false;
        silentSince = null;
    }

    private boolean answers() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) EVERY.toMillis())).nodes()
                    .get(EVERY.toMillis() * 2, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops asking; waits a moment for the question under way, cut short. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        admin.close(Duration.ZERO);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
