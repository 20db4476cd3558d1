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

    private final Path dir;
    private final Runnable first;
    private final Thread hook;
    private volatile EmbeddedKafkaBroker broker;

    /** {@code first} runs in the hook before the broker is stopped: it may wait for the command's own stop. */
    ExitCleanup(Path dir, Runnable first) {
        this.dir = dir;
        this.first = first;
        this.hook = new Thread(this::run, "droptrace-kafka-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
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
        EmbeddedKafkaBroker.deleteRecursively(dir);
    }
}
