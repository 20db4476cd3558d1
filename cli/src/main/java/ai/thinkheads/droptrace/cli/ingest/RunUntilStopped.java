package ai.thinkheads.droptrace.cli.ingest;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until SIGTERM/SIGINT, then runs its stop action once. */
final class RunUntilStopped {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    RunUntilStopped() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "droptrace-stop"));
    }

    void await() throws InterruptedException {
        stopped.await();
    }

    /** Lets the JVM exit: the command has flushed and printed its summary. */
    void finished() {
        finished.countDown();
    }
}
