package ai.thinkheads.droptrace.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.BrokenPipe;
import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.DroptraceCommand;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code droptrace alerts} prints of an alerts topic written as the correlator writes it. */
@ExtendWith(SharedKafkaBroker.class)
class AlertsCommandIT {

    private static final Instant FIRST = Instant.parse("2025-11-20T14:01:12Z");
    private static final Instant SECOND = Instant.parse("2025-11-20T14:02:03Z");
    private static final Instant THIRD = Instant.parse("2025-11-20T14:04:09Z");

    @Test
    void since_and_from_leave_out_the_alerts_of_earlier_event_time_even_after_a_transaction_marker() throws Exception {
        // Given: alerts of a replayed incident, each committed in its own transaction as exactly-once Streams does,
        // the records timed by their event time and the commit markers by the wall clock
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = publish(FIRST, SECOND, THIRD);
        String[] where = {"--bootstrap-servers", bootstrap, "--namespace", namespace.name(), "--output", "json"};

        // When
        CliRun all = CliRun.of(concat(new String[] {"alerts"}, where));
        CliRun lastHour = CliRun.of(concat(new String[] {"alerts", "--since", "1h"}, where));
        CliRun fromSecond = CliRun.of(concat(new String[] {"alerts", "--from", "2025-11-20T14:02:00Z"}, where));
        CliRun fromThird = CliRun.of(concat(new String[] {"alerts", "--from", "2025-11-20T14:04:00Z"}, where));

        // Then: each from its start by event time, nothing earlier
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out().lines()).hasSize(3);
        assertThat(lastHour.exitCode()).as(lastHour.err()).isZero();
        assertThat(lastHour.out()).isEmpty();
        assertThat(fromSecond.out().lines()).hasSize(2).allMatch(l -> !l.contains(FIRST.toString()));
        assertThat(fromThird.out().lines()).hasSize(1).allMatch(l -> l.contains(THIRD.toString()));
    }

    @Test
    void following_into_a_stdout_whose_reader_went_away_ends_quietly_with_the_code_of_sigpipe() throws Exception {
        // Given: alerts to print, and a stdout nobody reads any more ('droptrace alerts --follow | head -1')
        Namespace namespace = publish(FIRST, SECOND);
        String[] args = {"alerts", "--follow", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                "--namespace", namespace.name()};
        CommandLine cli = DroptraceCommand.commandLine(args);
        cli.setOut(BrokenPipe.stdout());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        // When
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli.execute(args));

        // Then: it stops instead of following for ever, without a word
        assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCodes.STDOUT_CLOSED);
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("following");
    }

    @Test
    void alerts_written_again_by_a_second_correlator_of_the_namespace_are_shown_once_in_text_and_json() {
        // Given: two alerts, written again as a second correlator (another --application-id) writes them
        Namespace namespace = publish(FIRST, SECOND);
        publish(namespace, FIRST, SECOND);
        String[] where = {"--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", namespace.name()};

        // When
        CliRun text = CliRun.of(concat(new String[] {"alerts"}, where));
        CliRun json = CliRun.of(concat(new String[] {"alerts", "--output", "json"}, where));

        // Then: each alert once, the same rows in both, and stderr says what likely wrote them again
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().lines().skip(1)).hasSize(2);
        assertThat(text.out()).containsOnlyOnce(FIRST.toString()).containsOnlyOnce(SECOND.toString());
        assertThat(json.out().lines()).hasSize(2);
        assertThat(text.err().strip()).isEqualTo("droptrace alerts: 2 alerts were written again (each is shown once, "
                + "as last written): does a second correlator, with another --application-id, write namespace "
                + namespace + " too?");
        assertThat(json.err()).isEqualTo(text.err());
    }

    @Test
    void an_alert_written_again_while_followed_is_not_printed_twice(@TempDir Path dir) throws Exception {
        // Given: a follower that printed the first alert
        Namespace namespace = publish(FIRST);
        Path output = dir.resolve("follow.out");
        Process follow = CliJvm.start(output, 120, "alerts", "--follow", "--bootstrap-servers",
                SharedKafkaBroker.bootstrapServers(), "--namespace", namespace.name());
        try {
            CliJvm.awaitOutput(output, follow, "following");

            // When: a second correlator writes it again, then a new one
            publish(namespace, FIRST, SECOND);

            // Then: the new one is printed, the first not again, and stderr says so once
            CliJvm.awaitOutput(output, follow, SECOND.toString());
        } finally {
            CliJvm.stop(follow, false);
        }
        String said = Files.readString(output);
        assertThat(said).containsOnlyOnce(FIRST.toString()).containsOnlyOnce("an alert was written again");
    }

    @Test
    void a_new_alert_dated_before_the_start_of_a_follower_is_said_once_not_left_out_without_a_word(@TempDir Path dir)
            throws Exception {
        // Given: a follower from the second alert's time on
        Namespace namespace = publish(SECOND);
        Path output = dir.resolve("follow.out");
        Process follow = CliJvm.start(output, 120, "alerts", "--follow", "--from", SECOND.toString(),
                "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", namespace.name());
        try {
            CliJvm.awaitOutput(output, follow, "following");

            // When: the alert of a line that came late, dated before that start, then a later one
            publish(namespace, FIRST, THIRD);

            // Then: the later one is printed; the late one is not, and stderr says so once
            CliJvm.awaitOutput(output, follow, THIRD.toString());
        } finally {
            CliJvm.stop(follow, false);
        }
        List<String> said = Files.readString(output).lines().toList();
        assertThat(said.stream().filter(l -> !l.startsWith("droptrace ")).filter(l -> l.contains(FIRST.toString())))
                .isEmpty();
        assertThat(said.stream().filter(l -> l.startsWith("droptrace alerts: a new alert"))).containsExactly(
                "droptrace alerts: a new alert dated " + FIRST + ", before the start asked for (" + SECOND
                        + ", --since/--from), is not shown, nor are later ones dated before it; follow without "
                        + "--since/--from to see every new one.");
    }

    @Test
    void no_alerts_in_the_range_asked_for_is_said_in_a_line_instead_of_an_empty_table() {
        // Given
        Namespace namespace = publish(FIRST);
        String bootstrap = SharedKafkaBroker.bootstrapServers();

        // When
        CliRun later = CliRun.of("alerts", "--bootstrap-servers", bootstrap, "--namespace", namespace.name(), "--from",
                "2025-11-20T15:00:00Z");

        // Then
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.out().strip()).isEqualTo("no alerts in namespace " + namespace
                + " from 2025-11-20T15:00:00Z on (--since/--from; older ones are not shown)");
    }

    @Test
    void following_a_namespace_whose_alerts_topic_is_not_there_yet_waits_for_it_until_sigterm(@TempDir Path dir)
            throws Exception {
        // Given: 'alerts --follow' started before the correlator that creates the topic
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Namespace namespace = fresh();
        Path output = dir.resolve("follow.out");
        Process follow = CliJvm.start(output, 120, "alerts", "--follow", "--bootstrap-servers", bootstrap,
                "--namespace", namespace.name());
        try {
            CliJvm.awaitOutput(output, follow, "waiting for it");

            // When: the topic is created and an alert raised
            publish(namespace, FIRST);

            // Then: the alert is printed, and only SIGTERM ends the follower, which said once that it waited
            CliJvm.awaitOutput(output, follow, "10.0.0.153 -> 10.0.0.12 tcp/8443 blocked");
            assertThat(follow.isAlive()).isTrue();
        } finally {
            CliJvm.stop(follow, false);
        }
        String said = Files.readString(output);
        assertThat(said.lines().filter(l -> l.contains("waiting for it")).toList()).containsExactly("droptrace alerts: "
                + "namespace " + namespace + " has no alerts topic yet; waiting for it ('droptrace correlate' or "
                + "'droptrace up' creates it). Ctrl-C or SIGTERM stops.");
        assertThat(said).contains("following " + Topics.ALERTS.name(namespace)).doesNotContain("Exception");
    }

    @Test
    void without_follow_a_namespace_whose_alerts_topic_is_not_there_yet_is_said_in_one_line_at_once() {
        // Given
        Namespace namespace = fresh();

        // When
        CliRun run = CliRun.of("alerts", "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace",
                namespace.name());

        // Then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("droptrace alerts: namespace " + namespace + " has no alerts topic yet "
                + "('droptrace correlate' or 'droptrace up' creates it).");
    }

    private static Namespace fresh() {
        return Namespace.of("it-alerts-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A new namespace whose alerts topic holds an alert at each time, each in its own transaction. */
    private static Namespace publish(Instant... times) {
        return publish(fresh(), times);
    }

    /** The alerts topic of {@code namespace} (made if need be) with an alert at each time, each in its own transaction. */
    private static Namespace publish(Namespace namespace, Instant... times) {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        TopicAdmin.ensure(bootstrap, 1, Duration.ofSeconds(30), namespace, List.<TopicSpec<?, ?>>of(Topics.ALERTS));
        try (KafkaProducer<PairKey, Alert> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-alerts-" + namespace),
                Topics.ALERTS.keySerde().serializer(), Topics.ALERTS.valueSerde().serializer())) {
            producer.initTransactions();
            for (Instant time : times) {
                producer.beginTransaction();
                Alert alert = alert(time);
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(namespace), null, time.toEpochMilli(),
                        new PairKey(alert.source(), alert.destination()), alert));
                producer.commitTransaction();
            }
        }
        return namespace;
    }

    private static Alert alert(Instant time) {
        Instant minute = time.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return new Alert(Alert.SCHEMA_VERSION, Alert.idOf("10.0.0.153", "10.0.0.12", AlertKind.FIRST_DROPS, time),
                AlertKind.FIRST_DROPS, null, time, "10.0.0.153", "10.0.0.12", "tcp", 8443,
                new Alert.Window(minute, minute.plusSeconds(60)), 1, 1, 0, List.of("tcp/8443"), null, 102,
                "veth102i0-IN", Action.DROP, true, "policy DROP", null, 0, "10.0.0.153 -> 10.0.0.12 tcp/8443 blocked",
                "the line");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
