package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class QuietLoggingTest {

    @AfterEach
    void quietAgain() {
        LogLine.showStackTraces(false);
    }

    @Test
    void logback_finds_it_as_a_configurator() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(ServiceLoader.Provider::type)).contains(QuietLogging.class);
    }

    @Test
    void an_xml_configuration_on_the_class_path_wins_and_none_leaves_it_to_the_code() {
        // The tests' class path has logback-test.xml; a loader that sees only the JDK has no logback XML at all.
        assertThat(QuietLogging.xmlConfigurationGiven(getClass().getClassLoader())).isTrue();
        assertThat(QuietLogging.xmlConfigurationGiven(new ClassLoader(null) { })).isFalse();
    }

    @Test
    void a_command_is_quiet_except_for_errors_and_droptrace_warnings_all_on_stderr() {
        LoggerContext context = new LoggerContext();
        QuietLogging.apply(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
        assertThat(root.getAppender(QuietLogging.APPENDER)).isNotNull();
        assertThat(context.getLogger("org.apache.kafka.clients.NetworkClient").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("kafka.server.BrokerServer").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("ai.thinkheads.droptrace.ingest.kafka.EventPublisher").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        context.stop();
    }

    @Test
    void a_record_the_consumer_cannot_read_is_not_told_again_by_kafka_in_three_error_lines() {
        // Given
        LoggerContext context = new LoggerContext();
        // When
        QuietLogging.apply(context);
        // Then: droptrace's reader says it, once
        assertThat(context.getLogger("org.apache.kafka.clients.consumer.internals.CompletedFetch").isErrorEnabled())
                .isFalse();
        assertThat(context.getLogger("ai.thinkheads.droptrace.streams.service.TopicFeed").isWarnEnabled()).isTrue();
        context.stop();
    }

    @Test
    void an_exception_is_told_on_one_line_with_its_causes_and_without_its_stack_trace() {
        String line = layout().doLayout(event());

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR EventPublisher topic=droptrace\\.live\\.unparsed "
                + "- Kafka did not accept 3 records: IllegalStateException: broker gone; caused by IOException: "
                + "connection reset\\R");
        assertThat(line).doesNotContain("\tat ");
    }

    @Test
    void with_v_the_stack_trace_follows() {
        LogLine.showStackTraces(true);

        String text = layout().doLayout(event());

        assertThat(text).startsWith(text.substring(0, 13) + "ERROR EventPublisher topic=droptrace.live.unparsed - "
                + "Kafka did not accept 3 records").contains("java.lang.IllegalStateException: broker gone", "\tat ",
                "Caused by: java.io.IOException: connection reset");
    }

    private static LogLine layout() {
        LogLine layout = new LogLine();
        layout.setContext(new LoggerContext());
        layout.start();
        return layout;
    }

    private static LoggingEvent event() {
        LoggerContext context = new LoggerContext();
        Logger logger = context.getLogger("ai.thinkheads.droptrace.ingest.kafka.EventPublisher");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.ERROR,
                "Kafka did not accept {} records", new IllegalStateException("broker gone",
                        new IOException("connection reset")), new Object[] {3});
        event.addKeyValuePair(new KeyValuePair("topic", "droptrace.live.unparsed"));
        return event;
    }

    @Test
    void kafka_streams_error_for_tasks_without_a_checkpoint_becomes_one_warning_that_says_the_state_is_restored() {
        // Given
        LoggerContext context = new LoggerContext();
        QuietLogging.apply(context);
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> seen = shown(context);
        Logger taskManager = context.getLogger(TaskRestoreNote.TASK_MANAGER);
        org.apache.kafka.streams.processor.TaskId t10 = new org.apache.kafka.streams.processor.TaskId(1, 0);
        org.apache.kafka.streams.processor.TaskId t11 = new org.apache.kafka.streams.processor.TaskId(1, 1);
        // When: the line Kafka Streams logs for corrupted tasks (formatted by Kafka's logger), then one for another failure
        java.util.Map<Object, Object> corrupted = new java.util.LinkedHashMap<>();
        corrupted.put(t11, new org.apache.kafka.streams.errors.TaskCorruptedException(java.util.Set.of(t11)));
        corrupted.put(t10, new org.apache.kafka.streams.errors.TaskCorruptedException(java.util.Set.of(t10)));
        taskManager.error("stream-thread [t] Get exceptions for the following tasks: " + corrupted);
        java.util.Map<Object, Object> mixed = new java.util.LinkedHashMap<>(corrupted);
        mixed.put(new org.apache.kafka.streams.processor.TaskId(2, 0),
                new org.apache.kafka.streams.errors.StreamsException("disk full"));
        taskManager.error("stream-thread [t] Get exceptions for the following tasks: " + mixed);
        // Then
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(seen.get(0).getLoggerName()).isEqualTo(TaskRestoreNote.NOTE_LOGGER);
        assertThat(seen.get(0).getFormattedMessage()).startsWith("restoring the state of tasks 1_0, 1_1 from their"
                + " changelogs").contains("nothing is lost");
        assertThat(seen.get(1).getLevel()).isEqualTo(Level.ERROR);
        assertThat(seen.get(1).getFormattedMessage()).contains("disk full");
        context.stop();
    }

    @Test
    void the_brokers_error_for_a_first_batch_it_turns_away_out_of_order_is_not_shown_and_other_errors_are() {
        // Given
        LoggerContext context = new LoggerContext();
        QuietLogging.apply(context);
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> seen = shown(context);
        Logger replicaManager = context.getLogger(FirstSequenceRetryNote.REPLICA_MANAGER);
        // When: the line the broker logs (as seen in droptrace demo), then the same exception for another cause
        replicaManager.error("[ReplicaManager broker=1] Error processing append operation on partition x-repartition-0",
                new org.apache.kafka.common.errors.OutOfOrderSequenceException("Invalid sequence number for producer 3 at "
                        + "offset 2 in partition x-repartition-0: 6 (incoming seq. number). Expected sequence 0 for "
                        + "transactions v2 idempotent producer with no existing state."));
        replicaManager.error("[ReplicaManager broker=1] Error processing append operation on partition t-0",
                new org.apache.kafka.common.errors.OutOfOrderSequenceException("Out of order sequence number for "
                        + "producer 1 at offset 548171 in partition t-0: 51 (incoming seq. number), 49 (current end "
                        + "sequence number)"));
        // Then: only the second
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).getLevel()).isEqualTo(Level.ERROR);
        assertThat(seen.get(0).getThrowableProxy().getMessage()).contains("current end sequence number");
        context.stop();
    }

    @Test
    void the_brokers_error_for_a_controller_registration_sent_too_early_on_a_restart_is_not_shown_and_others_are() {
        // Given
        LoggerContext context = new LoggerContext();
        QuietLogging.apply(context);
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> seen = shown(context);
        Logger controllerApis = context.getLogger(ControllerRegistrationRetryNote.CONTROLLER_APIS);
        String request = "[ControllerApis nodeId=1] Unexpected error handling request RequestHeader(apiKey=%s, "
                + "apiVersion=0, clientId=1, correlationId=0, headerVersion=2) -- ...";
        // When: the line a restarted embedded broker logs (seen at every restart of droptrace up), then the same
        // exception for another request, then another exception for the registration
        controllerApis.error(request.formatted("CONTROLLER_REGISTRATION"), new java.util.concurrent.CompletionException(
                new org.apache.kafka.common.errors.NotControllerException("The active controller appears to be node 1.")));
        controllerApis.error(request.formatted("CREATE_TOPICS"), new java.util.concurrent.CompletionException(
                new org.apache.kafka.common.errors.NotControllerException("The active controller appears to be node 1.")));
        controllerApis.error(request.formatted("CONTROLLER_REGISTRATION"),
                new org.apache.kafka.common.errors.UnknownServerException("disk full"));
        // Then: only the other two
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).getFormattedMessage()).contains("apiKey=CREATE_TOPICS");
        assertThat(seen.get(1).getThrowableProxy().getMessage()).isEqualTo("disk full");
        context.stop();
    }

    @Test
    void the_brokers_errors_for_partitions_whose_loading_its_own_stop_cut_short_are_not_shown_and_others_are() {
        // Given
        LoggerContext context = new LoggerContext();
        QuietLogging.apply(context);
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> seen = shown(context);
        Logger coordinator = context.getLogger(CoordinatorLoadStopNote.COORDINATOR_RUNTIME);
        String stopped = "Stopped loading records from __consumer_offsets-1 because the partition is not online or is "
                + "no longer the leader.";
        // When: the line as Kafka's LogContext hands it to logback (formatted, the exception apart; seen at SIGTERM to
        // droptrace up right after its broker started), the same through slf4j's arguments, then the same line for
        // another exception, and another line with this exception
        coordinator.log(null, Logger.FQCN, org.slf4j.spi.LocationAwareLogger.ERROR_INT, "[GroupCoordinator id=1] Failed "
                + "to load metadata from __consumer_offsets-1 with epoch 14 due to " + stopped + ".", null,
                new org.apache.kafka.common.errors.NotLeaderOrFollowerException(stopped));
        coordinator.error("[GroupCoordinator id=1] Failed to load metadata from {} with epoch {} due to {}.",
                "__consumer_offsets-2", 14, stopped, new org.apache.kafka.common.errors.NotLeaderOrFollowerException(
                        stopped.replace("-1", "-2")));
        coordinator.error("[GroupCoordinator id=1] Failed to load metadata from {} with epoch {} due to {}.",
                "__consumer_offsets-3", 14, "corrupt", new org.apache.kafka.common.errors.CorruptRecordException(
                        "Record is corrupt"));
        coordinator.error("[GroupCoordinator id=1] Failed to write the records",
                new org.apache.kafka.common.errors.NotLeaderOrFollowerException(stopped));
        // Then: only the last two
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).getThrowableProxy().getMessage()).isEqualTo("Record is corrupt");
        assertThat(seen.get(1).getFormattedMessage()).contains("Failed to write the records");
        context.stop();
    }

    /** What the quiet set-up of {@code context} lets through to stderr, collected in place of stderr. */
    private static java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> shown(LoggerContext context) {
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> seen = new java.util.ArrayList<>();
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> list = new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                seen.add(event);
            }
        };
        list.setContext(context);
        list.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(QuietLogging.APPENDER);
        root.addAppender(list);
        return seen;
    }
}
