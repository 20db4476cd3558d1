package ai.thinkheads.droptrace.cli.common;

/**
 * The exit status of a command that runs until SIGTERM ({@code up}, {@code ingest listen}) once SIGTERM or Ctrl-C
 * began the JVM's shutdown: the JVM then ends with 143 (130) whatever the command returns, a status a systemd unit
 * counts as a success. A stop that lost lines, or left a part running, must not look like one.
 */
public final class SignalledExit {

    private SignalledExit() {
    }

    /** Ends the JVM at once with {@code status} when a signal is stopping it; returns otherwise. */
    public static void haltIfStopping(int status) {
        if (jvmStopping()) {
            Runtime.getRuntime().halt(status); // System.exit would wait for the shutdown, which ends with 143
        }
    }

    /**
     * When a signal is stopping the JVM, says {@code failure} in its one line on stderr (after SIGTERM the JVM ends as
     * soon as the signal's hook is released, before the error handler would say it), closes {@code resources} (the
     * embedded broker, say) and ends the JVM with the failure's status; returns otherwise.
     */
    public static void failIfStopping(CommonOptions common, UserException failure, AutoCloseable... resources) {
        if (!jvmStopping()) {
            return;
        }
        common.err().println("droptrace: " + failure.getMessage());
        if (common.verbosity() > 0 && failure.getCause() != null) {
            failure.getCause().printStackTrace(common.err());
        }
        common.err().flush();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // ending with the failure's status all the same
            }
        }
        Runtime.getRuntime().halt(failure.exitCode());
    }

    /** Whether the JVM's shutdown has begun: it then takes no more shutdown hooks. */
    public static boolean jvmStopping() {
        Thread probe = new Thread(() -> { }, "droptrace-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }
}
