package ai.thinkheads.droptrace.cli.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's stderr is a terminal, where progress lines belong. Java 17's
 * {@link System#console()} answers for stdin and stdout together ({@code replay - < file} or
 * {@code parse > out.json} have none), so Linux's {@code /proc/self/fd/2} is asked first.
 */
public final class Terminal {

    private Terminal() {
    }

    public static boolean stderrIsTerminal() {
        Boolean proc = isTerminal(Path.of("/proc/self/fd/2"));
        return proc != null ? proc : System.console() != null;
    }

    /** Whether the link of an open file descriptor names a terminal device; {@code null} when it cannot be read. */
    static Boolean isTerminal(Path descriptor) {
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
