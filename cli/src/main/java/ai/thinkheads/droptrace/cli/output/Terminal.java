package ai.thinkheads.droptrace.cli.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the process's stderr is a terminal, where progress lines belong, and text from a line read made safe
 * to print on one. Java 17's
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

    /**
     * Control characters shown as {@code \xNN}: a dead letter, or a failure's reason that quotes a piece of its line,
     * may hold anything (an escape sequence, a newline), and the terminal should not act on it.
     */
    public static String visible(String line) {
        StringBuilder text = null;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            boolean control = c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0;
            if (control && text == null) {
                text = new StringBuilder(line.length() + 16).append(line, 0, k);
            }
            if (text != null) {
                if (control) {
                    text.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    text.append(c);
                }
            }
        }
        return text == null ? line : text.toString();
    }
}
