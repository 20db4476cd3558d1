package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import org.slf4j.event.KeyValuePair;

/**
 * One diagnostic line: {@code HH:mm:ss.SSS LEVEL Logger key=value ... - message}, local time. An
 * exception is told on the same line as its class and message and those of its causes; its stack
 * trace only with {@code -v} ({@link #showStackTraces}): no stack trace for a user who did not ask.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {

    /** Causes told at most, in case a chain loops. */
    private static final int MAX_CAUSES = 8;

    private static volatile boolean stackTraces;

    /** Whether exceptions are printed with their stack traces ({@code -v}). */
    static void showStackTraces(boolean show) {
        stackTraces = show;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
        line.append(String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", time.getHour(), time.getMinute(), time.getSecond(),
                time.getNano() / 1_000_000));
        String level = event.getLevel().toString();
        line.append(' ').append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
        String logger = event.getLoggerName();
        line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length());
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair pair : event.getKeyValuePairs()) {
                line.append(' ').append(pair.key).append('=').append(pair.value);
            }
        }
        line.append(" - ").append(event.getFormattedMessage());
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null && stackTraces) {
            line.append(System.lineSeparator()).append(ThrowableProxyUtil.asString(error));
        } else {
            int told = 0;
            for (IThrowableProxy cause = error; cause != null && told++ < MAX_CAUSES; cause = cause.getCause()) {
                line.append(cause == error ? ": " : "; caused by ");
                String name = cause.getClassName();
                line.append(name, name.lastIndexOf('.') + 1, name.length());
                if (cause.getMessage() != null) {
                    line.append(": ").append(cause.getMessage());
                }
            }
        }
        return line.append(System.lineSeparator()).toString();
    }
}
