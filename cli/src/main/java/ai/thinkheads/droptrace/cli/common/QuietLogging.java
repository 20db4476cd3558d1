package ai.thinkheads.droptrace.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * droptrace's logging set-up, in code (found by logback through {@code META-INF/services}): stdout
 * is for data, so diagnostics go to stderr, one {@link LogLine} each; quiet unless {@code -v}
 * (errors only, droptrace's own warnings too). Reading an XML configuration cost every command
 * about 0.15 s of its start (docs/benchmarks.md), for a set-up that never changes.
 *
 * <p>An XML configuration still wins when there is one: {@code -Dlogback.configurationFile=...}, or
 * a {@code logback.xml} / {@code logback-test.xml} on the class path (the tests' own).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class QuietLogging extends ContextAwareBase implements Configurator {

    static final String APPENDER = "STDERR";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (xmlConfigurationGiven(getClass().getClassLoader())) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static boolean xmlConfigurationGiven(ClassLoader loader) {
        return System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null;
    }

    /** The set-up itself: one stderr appender on the root logger, and the levels of a quiet command. */
    static void apply(LoggerContext context) {
        LogLine layout = new LogLine();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.ERROR);
        root.addAppender(stderr);
        context.getLogger("kafka").setLevel(Level.ERROR);
        context.getLogger("org.apache.kafka").setLevel(Level.ERROR);
        context.getLogger("state.change.logger").setLevel(Level.ERROR);
        context.getLogger("ai.thinkheads.droptrace").setLevel(Level.WARN);
        // A record a consumer cannot deserialise is logged there at ERROR, once per fetch of it (three lines naming
        // lambda classes), before droptrace's reader skips it and says so in one warning line of its own.
        context.getLogger(COMPLETED_FETCH).setLevel(Level.OFF);
        for (TurboFilter known : List.of(new TaskRestoreNote(), new FirstSequenceRetryNote(),
                new ControllerRegistrationRetryNote(), new CoordinatorLoadStopNote())) {
            known.setContext(context);
            known.start();
            context.addTurboFilter(known);
        }
    }

    /** The Kafka consumer's logger that tells each failed deserialisation, at ERROR, on every fetch. */
    static final String COMPLETED_FETCH = "org.apache.kafka.clients.consumer.internals.CompletedFetch";
}
