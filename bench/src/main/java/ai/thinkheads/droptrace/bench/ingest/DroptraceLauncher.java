package ai.thinkheads.droptrace.bench.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * droptrace as a user runs it in the benchmarks: {@code bin/droptrace}, on the Java the benchmark
 * runs on, with the benchmark's JVM options ({@code DROPTRACE_JAVA_OPTS}) and the launcher's class
 * archive, unless {@code -Dbench.cds=off} ({@code DROPTRACE_CDS=off}). {@link #prepare} starts it
 * once before anything is timed, so that the archive's one-time training is never in a figure.
 */
final class DroptraceLauncher {

    private DroptraceLauncher() {
    }

    /** {@code on} (the launcher's default) or {@code off}. */
    static String cds() {
        return System.getProperty("bench.cds", "on");
    }

    /** A process builder running {@code bin/droptrace ARGS} under {@code bash -c PREFIX "$@"}. */
    static ProcessBuilder command(Path root, String bashPrefix, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", bashPrefix, "bash",
                root.resolve("bin/droptrace").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("DROPTRACE_JAVA_OPTS", IngestEndToEnd.jvmOptions());
        env.put("DROPTRACE_CDS", cds());
        return builder;
    }

    /** Runs {@code bin/droptrace --version} once: the class archive is made now if it has to be. */
    static void prepare(Path root) throws Exception {
        Process p = command(root, "\"$@\"", "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/droptrace --version failed; is the build complete (mvn -q -DskipTests package)?");
        }
        System.out.printf("droptrace runs as bin/droptrace (class archive %s)%n", cds());
    }
}
