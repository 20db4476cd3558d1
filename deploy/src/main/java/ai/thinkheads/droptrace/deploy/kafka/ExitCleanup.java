package ai.thinkheads.droptrace.deploy.kafka;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The directory of a temporary broker, deleted when the JVM exits before the broker was closed (Ctrl-C or SIGTERM
 * during a command that started one): the broker is stopped first, for at most {@link #STOP_TIMEOUT}, so that it
 * writes nothing into the directory after it is gone.
 */
final class ExitCleanup {

    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Runnable first;
    private final Thread hook;
    private volatile EmbeddedKafkaBroker broker;
    private Path dir;
    private boolean ran;

    /**
     * {@code first} runs in the hook before the broker is stopped: it may wait for the command's own stop. The hook is
     * added before the directory is made ({@link #directory}): once a signal has begun the JVM's exit, it takes no
     * more hooks, and this throws {@code IllegalStateException} before anything is left behind.
     */
    ExitCleanup(Runnable first) {
        this.first = first;
        this.hook = new Thread(this::run, "droptrace-kafka-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The directory to delete at exit; deleted at once when the hook has already run. */
    void directory(Path made) {
        synchronized (this) {
            if (!ran) {
                dir = made;
                return;
            }
        }
        EmbeddedKafkaBroker.deleteRecursively(made);
    }

    /** The broker started in the directory, stopped before the directory is deleted. */
    void watch(EmbeddedKafkaBroker started) {
        this.broker = started;
    }

    /** Nothing left to do at exit: the broker was closed and its directory deleted. */
    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private void run() {
        first.run();
        EmbeddedKafkaBroker started = broker;
        if (started != null) {
            Thread stop = new Thread(started::close, "droptrace-kafka-stop");
            stop.setDaemon(true);
            stop.start();
            try {
                stop.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Path made;
        synchronized (this) {
            ran = true;
            made = dir;
        }
        if (made != null) {
            EmbeddedKafkaBroker.deleteRecursively(made);
        }
    }
}
