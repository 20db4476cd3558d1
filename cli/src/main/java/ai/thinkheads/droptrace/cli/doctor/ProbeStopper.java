package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;

/**
 * Ends the probe commands still running when doctor is stopped (Ctrl-C, SIGTERM): every process this JVM
 * started is a probe command (the broker runs inside the JVM), and each gets SIGTERM, so no guest command
 * outlives doctor. Interrupting the thread ends it without a stop.
 */
final class ProbeStopper {

    private ProbeStopper() {
    }

    /** A daemon thread that waits for {@code stop} and then ends the commands; interrupt it once the probes are done. */
    static Thread start(ShutdownSignal stop) {
        Thread thread = new Thread(() -> {
            stop.awaitStop();
            if (stop.stopRequested()) {
                ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            }
        }, "doctor-stop");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
