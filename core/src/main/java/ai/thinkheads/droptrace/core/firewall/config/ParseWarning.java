package ai.thinkheads.droptrace.core.firewall.config;

import java.util.Objects;

/**
 * A line pve-firewall would skip with a warning: droptrace skips it too and reports it here.
 *
 * @param file the file's path relative to the configuration directory
 * @param line 1-based line number, 0 for the file as a whole
 * @param text the line as written, or empty
 */
public record ParseWarning(String file, int line, String text, String message) {

    public ParseWarning {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(message, "message");
    }

    /** {@code firewall/101.fw:12: message}; {@code firewall/101.fw: message} for the file as a whole. */
    public String describe() {
        return location(file, line) + ": " + message;
    }

    /** {@code firewall/101.fw:12}, or the file alone for line 0 (the file as a whole). */
    public static String location(String file, int line) {
        return line > 0 ? file + ":" + line : file;
    }
}
