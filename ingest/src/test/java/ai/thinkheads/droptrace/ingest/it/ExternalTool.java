package ai.thinkheads.droptrace.ingest.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real programs the integration tests drive: found on the PATH or the tests skip, saying so. */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** The program's path; the test is skipped with a message when it is not installed. */
    public static Path require(String name, String debianPackage) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "skipped: " + name + " is not installed (Debian package " + debianPackage
                + "; CI installs it through .ci/run)");
        return null;
    }

    /**
     * Runs a command bounded by {@code timeout}; returns its exit code and output (stdout and stderr,
     * through a file: a pipe would stop a command that writes more than its buffer before it ends).
     */
    public static Result run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> bounded = new ArrayList<>(List.of("timeout", Integer.toString(timeoutSeconds)));
        bounded.addAll(List.of(command));
        Path output = Files.createTempFile("droptrace-tool-", ".out");
        try {
            Process p = new ProcessBuilder(bounded).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean done = p.waitFor(timeoutSeconds + 5L, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            return new Result(done ? p.exitValue() : -1,
                    new String(Files.readAllBytes(output), java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    public record Result(int exitCode, String output) {
    }
}
