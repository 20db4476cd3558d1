package ai.thinkheads.droptrace.streams.ruleset;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a configuration directory by reading it again every {@code interval} (pmxcfs, the
 * cluster file system behind {@code /etc/pve}, sends no change notifications) and publishes a new
 * version whenever its content hash changes. A directory that cannot be read is logged and tried
 * again at the next interval; the last good version stays published.
 */
public final class RulesetWatcher implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(RulesetWatcher.class);

    private final Supplier<Ruleset> reader;
    private final String source;
    private final Consumer<PublishedRuleset> publish;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile String lastVersion;
    private volatile long published;
    /** The problem said last, so that one that lasts is said once, not at every interval; {@code null}: none. */
    private String problem;

    /**
     * @param reader reads the directory (throws when it cannot)
     * @param source the directory's name, carried in each version
     * @param publish publishes a version (throws when it cannot)
     */
    public RulesetWatcher(Supplier<Ruleset> reader, String source, Consumer<PublishedRuleset> publish, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.source = source;
        this.publish = Objects.requireNonNull(publish, "publish");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ruleset-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads and publishes once now; returns the version published, or the unchanged one. */
    public synchronized String check() {
        Ruleset ruleset = reader.get();
        String version = PublishedRuleset.versionOf(ruleset);
        if (!version.equals(lastVersion)) {
            publish.accept(new PublishedRuleset(version, PublishedRuleset.SCHEMA_VERSION, ruleset.node(), clock.instant(),
                    source, ruleset));
            lastVersion = version;
            published++;
            LOGGER.atInfo().addKeyValue("version", version).addKeyValue("node", ruleset.node())
                    .log("published a new ruleset version");
        }
        return version;
    }

    /**
     * The first check, as {@link #check()}, by a caller that says its problem itself ({@code up}'s line as the part
     * starts): the checks in the background say that problem only once it changes or ends, not again as new.
     */
    public synchronized String firstCheck() {
        try {
            return check();
        } catch (RuntimeException e) {
            problem = String.valueOf(e.getMessage());
            throw e;
        }
    }

    /** Checks again every {@code interval} from now on, in the background. */
    public void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::checkAgain, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One check of the background: a problem is said when it starts or changes, and that it is over when the
     * configuration can be read again (a missing /etc/pve would otherwise be a warning every interval, for days).
     */
    void checkAgain() {
        try {
            check();
            if (problem != null) {
                problem = null;
                LOGGER.atWarn().log("the firewall configuration can be read and published again");
            }
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(problem)) {
                problem = message;
                LOGGER.atWarn().addKeyValue("error", message)
                        .log("cannot read or publish the firewall configuration; trying again at every interval "
                                + "(said again when the problem changes or ends)");
            }
        }
    }

    public String lastVersion() {
        return lastVersion;
    }

    /** How many versions this watcher published. */
    public long published() {
        return published;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
