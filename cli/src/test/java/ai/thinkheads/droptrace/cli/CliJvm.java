package ai.thinkheads.droptrace.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * droptrace run as users run it, in a JVM of its own (for the commands that run until a signal stops
 * them): bounded by {@code timeout}, its output in a file, stopped by the PID of the JVM itself.
 */
public final class CliJvm {

    private CliJvm() {
    }

    /** Starts {@code droptrace ARGS} with a 256 MB heap, stdout and stderr into {@code output}. */
    public static Process start(Path output, int timeoutSeconds, String... args) throws IOException {
        return start(output, timeoutSeconds, List.of(), args);
    }

    /** As {@link #start(Path, int, String...)}, with {@code jvmOptions} (such as {@code -Djava.io.tmpdir=DIR}). */
    public static Process start(Path output, int timeoutSeconds, List<String> jvmOptions, String... args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path cli = Path.of(System.getProperty("user.dir")).resolve("target");
        String classpath = cli.resolve("classes") + File.pathSeparator + cli.resolve("lib") + File.separator + "*";
        List<String> command = new ArrayList<>(List.of("timeout", Integer.toString(timeoutSeconds), java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "ai.thinkheads.droptrace.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** The droptrace JVM, child of {@code timeout}, once {@code timeout} has started it (within 30 s). */
    public static ProcessHandle jvm(Process timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var child = timeout.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timeout did not start the droptrace JVM within 30 s");
    }

    /**
     * Stops the droptrace JVM (the child of {@code timeout}) by its PID: SIGKILL, or SIGTERM for a clean
     * stop; then waits for {@code timeout} to exit.
     */
    public static void stop(Process timeout, boolean kill) throws InterruptedException {
        for (ProcessHandle jvm : timeout.toHandle().descendants().toList()) {
            if (kill) {
                jvm.destroyForcibly();
            } else {
                jvm.destroy();
            }
            jvm.onExit().orTimeout(60, TimeUnit.SECONDS).join();
        }
        if (!timeout.waitFor(60, TimeUnit.SECONDS)) {
            timeout.destroyForcibly();
        }
    }

    /** Waits up to 90 s for the follower {@code process} to write {@code text} into {@code output}. */
    public static void awaitOutput(Path output, Process process, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!Files.readString(output).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' from the follower (alive: " + process.isAlive() + "): "
                        + Files.readString(output));
            }
            Thread.sleep(100);
        }
    }
}
