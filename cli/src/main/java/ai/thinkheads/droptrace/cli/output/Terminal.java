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
     * may hold anything (an escape sequence, a newline), and the terminal should not act on it. Invisible format
     * characters and line separators are shown as {@code \\u202e} ({@code \\U000e0041} beyond the BMP): a bidirectional
     * control (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C) reorders what the terminal shows after it, so a
     * hostile log line could make a rule, an address or a chain read as another ("Trojan Source", CVE-2021-42574),
     * and a zero-width space, a tag character or a soft hyphen hides text. A zero-width joiner between two emoji,
     * which draws them as one, is kept.
     */
    public static String visible(String line) {
        StringBuilder text = null;
        for (int k = 0; k < line.length(); ) {
            int c = line.codePointAt(k);
            String escape = escape(line, k, c);
            if (escape != null && text == null) {
                text = new StringBuilder(line.length() + 16).append(line, 0, k);
            }
            if (text != null) {
                if (escape != null) {
                    text.append(escape);
                } else {
                    text.appendCodePoint(c);
                }
            }
            k += Character.charCount(c);
        }
        return text == null ? line : text.toString();
    }

    /** How {@code c}, at {@code at} in {@code line}, is shown; {@code null} as itself. */
    private static String escape(String line, int at, int c) {
        if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
            return String.format(Locale.ROOT, "\\x%02x", c);
        }
        int type = Character.getType(c);
        boolean hidden = type == Character.FORMAT && !(c == 0x200D && joinsEmoji(line, at))
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
        if (!hidden) {
            return null;
        }
        return c <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04x", c) : String.format(Locale.ROOT, "\\U%08x", c);
    }

    /** Whether the zero-width joiner at {@code at} is inside an emoji sequence: an emoji (or its modifier) on both sides. */
    private static boolean joinsEmoji(String line, int at) {
        if (at == 0 || at + 1 >= line.length()) {
            return false;
        }
        int before = line.codePointBefore(at);
        int after = line.codePointAt(at + 1);
        return (Character.getType(before) == Character.OTHER_SYMBOL || before == 0xFE0F
                || before >= 0x1F3FB && before <= 0x1F3FF) && Character.getType(after) == Character.OTHER_SYMBOL;
    }
}
