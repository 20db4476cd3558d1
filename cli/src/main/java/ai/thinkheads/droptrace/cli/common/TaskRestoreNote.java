package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.slf4j.Marker;

/**
 * Kafka Streams' ERROR line for tasks whose local state it found without a checkpoint, told as what it
 * is: the state is restored from the changelogs, nothing is lost. Under {@code exactly_once_v2} Kafka
 * Streams 4.4 finds none for the correlator's window stores after every restart, clean or not, and
 * says so with an ERROR naming {@link TaskCorruptedException}s; an operator would take that for a
 * failure. Any other exception in that line is left as Kafka logs it. Kafka's logger hands the line over
 * already formatted ({@code ... Get exceptions for the following tasks: {1_1=org...TaskCorruptedException:
 * Tasks [1_1] are corrupted ..., 1_2=...}}), so the tasks and their exceptions are read off its text.
 */
final class TaskRestoreNote extends TurboFilter {

    static final String TASK_MANAGER = "org.apache.kafka.streams.processor.internals.TaskManager";
    static final String NOTE_LOGGER = "ai.thinkheads.droptrace.streams.runner.StreamsRunner";

    private static final String LINE = "Get exceptions for the following tasks: {";
    /** One entry of the map's text: a task id, {@code =}, the exception's class name. */
    private static final Pattern ENTRY = Pattern.compile("(?:\\{|, )([\\w-]*\\d+_\\d+)=([\\w.$]+)");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || !TASK_MANAGER.equals(logger.getName()) || format == null) {
            return FilterReply.NEUTRAL;
        }
        int start = format.indexOf(LINE);
        if (start < 0) {
            return FilterReply.NEUTRAL;
        }
        TreeSet<String> tasks = new TreeSet<>();
        Matcher entry = ENTRY.matcher(format).region(start + LINE.length() - 1, format.length());
        while (entry.find()) {
            if (!TaskCorruptedException.class.getName().equals(entry.group(2))) {
                return FilterReply.NEUTRAL;
            }
            tasks.add(entry.group(1));
        }
        if (tasks.isEmpty()) {
            return FilterReply.NEUTRAL;
        }
        logger.getLoggerContext().getLogger(NOTE_LOGGER).warn("restoring the state of tasks {} from their changelogs:"
                + " Kafka Streams found no checkpoint of it (under exactly_once_v2 it keeps none for window stores,"
                + " and a crash leaves none); nothing is lost, a large state takes a while", String.join(", ", tasks));
        return FilterReply.DENY;
    }
}
