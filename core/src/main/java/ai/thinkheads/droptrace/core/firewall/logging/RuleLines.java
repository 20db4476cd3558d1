package ai.thinkheads.droptrace.core.firewall.logging;

import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Edits of rule lines as written: the rest of the line, its comment and spacing stay as they are. */
public final class RuleLines {

    private static final Pattern LOG = Pattern.compile("(^|\\s)(--?log)(\\s+)(\\S+)");

    private RuleLines() {
    }

    /**
     * The line with {@code -log <level>}: an existing {@code -log}/{@code --log} value is replaced,
     * otherwise the option is added before the comment.
     */
    public static String withLog(String line, LogLevel level) {
        int hash = line.indexOf('#');
        String body = hash < 0 ? line : line.substring(0, hash);
        String comment = hash < 0 ? "" : line.substring(hash);
        Matcher m = LOG.matcher(body);
        if (m.find()) {
            String replaced = body.substring(0, m.start(4)) + level.keyword() + body.substring(m.end(4));
            return replaced + comment;
        }
        String trimmed = body.stripTrailing();
        String gap = body.substring(trimmed.length());
        String added = trimmed + " -log " + level.keyword();
        if (comment.isEmpty()) {
            return added + gap;
        }
        return added + (gap.isEmpty() ? " " : gap) + comment;
    }
}
