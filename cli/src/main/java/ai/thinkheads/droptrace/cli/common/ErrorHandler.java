package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import java.io.PrintWriter;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Maps every failure to an exit code and one plain line on stderr. The stack trace is printed
 * only with {@code -v}.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /**
     * Runs {@code cli} with {@code args}. An {@link Error} thrown by a command (out of memory, a class that failed to
     * initialise), which picocli lets through to the JVM's own stack trace, is one line and exit 1 here too, the
     * stack trace only with {@code -v}; one thrown because SIGTERM or Ctrl-C began the JVM's shutdown (Kafka adding an
     * exit hook while the embedded broker starts) says nothing: the JVM ends with the signal's status.
     */
    public static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (Error e) {
            if (SignalledExit.jvmStopping()) {
                return ExitCodes.FAILURE;
            }
            PrintWriter err = cli.getErr();
            err.println("droptrace: " + (e instanceof OutOfMemoryError
                    ? "out of memory (" + rootMessage(e) + "); give Java more with DROPTRACE_JAVA_OPTS, e.g. "
                            + "DROPTRACE_JAVA_OPTS='-Xmx1g -XX:+UseSerialGC'"
                    : "unexpected failure: " + rootMessage(e) + " (run again with -v for details)"));
            if (cli.getParseResult() != null && isVerbose(cli.getParseResult())) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.FAILURE;
        }
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        if (isMissingCommand(ex)) {
            err.print(commandListing(cmd));
            err.flush();
            return ExitCodes.USAGE;
        }
        err.println("droptrace: " + describe(ex) + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Picocli's error for a verb group (or {@code droptrace} itself) run without one of its commands. */
    private static boolean isMissingCommand(ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        return ex.getClass() == ParameterException.class && !cmd.getSubcommands().isEmpty()
                && "Missing required subcommand".equals(ex.getMessage())
                && (cmd.getParseResult() == null || cmd.getParseResult().subcommand() == null);
    }

    /**
     * What {@code droptrace} (or {@code droptrace rules}) alone prints, as git does: its usage and the names of its
     * commands, short, and where to read what each does. (Picocli said "Missing required subcommand".)
     */
    static String commandListing(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName();
        StringBuilder text = new StringBuilder("Usage: ").append(name).append(" COMMAND [OPTIONS]\n");
        String indent = "Commands: ";
        StringBuilder line = new StringBuilder(indent);
        int i = 0;
        for (String command : cmd.getSubcommands().keySet()) {
            String word = command + (++i < cmd.getSubcommands().size() ? "," : "");
            if (line.length() > indent.length() && line.length() + 1 + word.length() > 80) {
                text.append(line).append('\n');
                line = new StringBuilder(" ".repeat(indent.length()));
            } else if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        text.append(line).append('\n');
        text.append("'").append(name).append(" --help' says what each one does");
        if (cmd.getParent() == null && cmd.getSubcommands().containsKey("demo")) {
            text.append("; '").append(name).append(" demo' shows them at work");
        }
        return text.append(".\n").toString();
    }

    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !ex.getCommandLine().getSubcommands().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'" + suggestion(unmatched);
        }
        return ex instanceof UnmatchedArgumentException unmatched ? ex.getMessage() + suggestion(unmatched)
                : ex.getMessage();
    }

    /**
     * The command or option picocli finds nearest to the unknown word, as git and kubectl offer one: {@code ; did you
     * mean 'trace'?}; empty when none is near. (Picocli's own handler prints them; this one had left them out.)
     */
    private static String suggestion(UnmatchedArgumentException unmatched) {
        List<String> near = unmatched.getSuggestions();
        return near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?";
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (causedBy(ex, BulkStdout.StdoutClosed.class)) {
            return ExitCodes.STDOUT_CLOSED; // the reader of stdout went away: nothing to say, as after SIGPIPE
        }
        int code;
        String message;
        TopicAdmin.Refused refused = causeOf(ex, TopicAdmin.Refused.class);
        if (ex instanceof UserException user) {
            code = user.exitCode();
            message = user.getMessage();
        } else if (refused != null) {
            code = ExitCodes.KAFKA_UNAVAILABLE;
            message = refused.getMessage();
        } else if (isKafkaUnavailable(ex)) {
            code = ExitCodes.KAFKA_UNAVAILABLE;
            message = "Kafka did not answer (" + rootMessage(ex)
                    + "); check --bootstrap-servers, or leave it out to use the embedded broker.";
        } else {
            code = ExitCodes.FAILURE;
            message = "unexpected failure: " + rootMessage(ex) + " (run again with -v for details)";
        }
        err.println("droptrace: " + message);
        if (isVerbose(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** Whether {@code ex} or one of its causes is a {@code type}. */
    static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return causeOf(ex, type) != null;
    }

    /** {@code ex} or the first of its causes that is a {@code type}, or {@code null}. */
    private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean isKafkaUnavailable(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || (t instanceof KafkaException && t.getMessage() != null
                    && t.getMessage().contains("Failed to construct kafka"))) {
                return true;
            }
        }
        return false;
    }

    /** The message of the innermost cause (its class name when it has none). */
    public static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    static boolean isVerbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("-v")) {
                return true;
            }
        }
        return false;
    }
}
