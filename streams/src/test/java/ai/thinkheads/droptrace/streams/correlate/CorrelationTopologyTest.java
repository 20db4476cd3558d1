package ai.thinkheads.droptrace.streams.correlate;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import ai.thinkheads.droptrace.streams.state.PairSummary;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CorrelationTopologyTest {

    private static final Namespace NS = Namespace.of("test");
    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";
    private static final PairKey PAIR = new PairKey(GW, MESH);

    private final CorrelationDriver driver =
            new CorrelationDriver(CorrelationSettings.defaults(NS).withGrace(Duration.ofMinutes(2)));

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void an_event_is_counted_in_its_minute_and_hour_buckets_by_action_port_and_chain() {
        // Given
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(10)));
        driver.pipe(event(GW, MESH, "TCP", 80, Action.REJECT, 0, "PVEFW-HOST-IN", false, T0.plusSeconds(20)));
        driver.pipe(event(GW, MESH, "TCP", 443, Action.ACCEPT, 102, "veth102i0-IN", false, T0.plusSeconds(30)));
        // When
        PairBucket minute = driver.minute(PAIR, T0);
        PairBucket hour = driver.hour(PAIR, T0);
        // Then
        assertThat(minute.total()).isEqualTo(new ActionCounts(1, 1, 1, 0));
        assertThat(minute.byPort()).containsOnlyKeys("tcp/80", "tcp/443", "tcp/8443");
        assertThat(minute.byPort().get("tcp/8443")).isEqualTo(new ActionCounts(0, 1, 0, 0));
        assertThat(minute.byChain()).containsOnlyKeys("0/PVEFW-HOST-IN", "102/veth102i0-IN");
        assertThat(minute.byChain().get("102/veth102i0-IN")).isEqualTo(new ActionCounts(1, 1, 0, 0));
        assertThat(minute.byProtocol()).containsOnlyKeys("tcp");
        assertThat(hour).isEqualTo(minute);
    }

    @Test
    void an_event_just_inside_a_minute_stays_in_it_and_one_just_outside_goes_to_the_next() {
        // Given
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(60).minusMillis(1)));
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(60)));
        // Then
        assertThat(driver.minute(PAIR, T0).total().drops()).isEqualTo(1);
        assertThat(driver.minute(PAIR, T0.plusSeconds(60)).total().drops()).isEqualTo(1);
        assertThat(driver.hour(PAIR, T0).total().drops()).isEqualTo(2);
    }

    @Test
    void a_late_event_within_the_grace_still_counts_in_its_minute() {
        // Given: stream time 14:02:59.999, so the 14:00 bucket (end 14:01 + 2 min grace) is still open
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(10)));
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(180).minusMillis(1)));
        // When
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(30)));
        // Then
        assertThat(driver.minute(PAIR, T0).total().drops()).isEqualTo(2);
        assertThat(driver.summary(PAIR).late()).isZero();
    }

    @Test
    void a_late_event_after_the_grace_is_left_out_of_its_minute_but_counted_as_late_and_in_the_open_hour() {
        // Given: stream time 14:03:00.000 closes the 14:00 minute bucket
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(10)));
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(180)));
        // When
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(30)));
        // Then
        assertThat(driver.minute(PAIR, T0).total().drops()).isEqualTo(1);
        assertThat(driver.hour(PAIR, T0).total().drops()).isEqualTo(3);
        PairSummary summary = driver.summary(PAIR);
        assertThat(summary.late()).isEqualTo(1);
        assertThat(summary.total().drops()).isEqualTo(3);
    }

    @Test
    void a_line_dated_years_ahead_of_the_clock_keeps_its_own_bucket_and_does_not_close_the_current_minute() {
        // Given: a node whose clock was years ahead when it logged one line, between two lines of now
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant ahead = now.plus(Duration.ofDays(4 * 365));
        driver.pipe(drop(GW, MESH, 8443, now));
        driver.pipe(drop(GW, MESH, 8443, ahead));
        // When
        driver.pipe(drop(GW, MESH, 8443, now.plusMillis(500)));
        // Then
        assertThat(driver.minute(PAIR, now).total().drops()).isEqualTo(2);
        assertThat(driver.minute(PAIR, ahead).total().drops()).isEqualTo(1);
        assertThat(driver.summary(PAIR).late()).isZero();
    }

    @Test
    void the_summary_keeps_first_and_last_seen_and_the_last_five_events_received_newest_first() {
        // Given: seven events, the last one received out of order
        for (int i = 0; i < 6; i++) {
            driver.pipe(drop(GW, MESH, 8000 + i, T0.plusSeconds(10L * (i + 1))));
        }
        driver.pipe(event(GW, MESH, "TCP", 22, Action.ACCEPT, 102, "veth102i0-IN", false, T0));
        // When
        PairSummary summary = driver.summary(PAIR);
        // Then
        assertThat(summary.firstSeen()).isEqualTo(T0);
        assertThat(summary.firstBlocked()).isEqualTo(T0.plusSeconds(10));
        assertThat(summary.lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(summary.lastBlocked()).isEqualTo(T0.plusSeconds(60));
        assertThat(summary.total()).isEqualTo(new ActionCounts(1, 6, 0, 0));
        assertThat(summary.received()).isEqualTo(7);
        List<EventDigest> recent = driver.recentEvents(PAIR, 5);
        assertThat(recent).extracting(EventDigest::destinationPort).containsExactly(8005, 8004, 8003, 8002, 22);
        assertThat(recent.get(0).line()).contains("DPT=8005");
        assertThat(recent.get(0).rule()).isNull();
    }

    @Test
    void a_port_scan_is_bounded_to_a_fixed_number_of_port_labels_plus_other() {
        // Given
        for (int port = 1; port <= PairBucket.MAX_KEYS + 10; port++) {
            driver.pipe(drop(GW, MESH, port, T0.plusMillis(port)));
        }
        // When
        PairBucket minute = driver.minute(PAIR, T0);
        // Then
        assertThat(minute.byPort()).hasSize(PairBucket.MAX_KEYS + 1).containsKey("tcp/other");
        assertThat(minute.byPort().get("tcp/other").drops()).isEqualTo(10);
        assertThat(minute.byProtocol()).containsOnlyKeys("tcp");
        assertThat(minute.total().drops()).isEqualTo(PairBucket.MAX_KEYS + 10);
    }

    @Test
    void the_latest_result_of_each_probe_of_a_pair_is_kept_and_an_older_one_does_not_replace_it() {
        // Given: and a probe with no destination (an exec probe), which checks no path
        driver.pipe(TestEvents.probe("gw-mesh-8443", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T0.plusSeconds(60)));
        var exec = TestEvents.probe("gw-exec", GW, MESH, 0, ProbeOutcome.EXEC_FAILED, T0);
        driver.pipe(new ProbeResult(exec.schema(), exec.probeId(),
                ProbeKind.EXEC, exec.time(), "local", null, "gw", GW, null, null, 0,
                exec.outcome(), false, null, 5, "exit 1", null, null));
        driver.pipe(TestEvents.probe("gw-mesh-8443", GW, MESH, 8443, ProbeOutcome.OPEN, T0));
        driver.pipe(TestEvents.probe("gw-mesh-80", GW, MESH, 80, ProbeOutcome.OPEN, T0));
        // When
        var probes = driver.probes(PAIR).byProbe();
        // Then
        assertThat(probes).containsOnlyKeys("gw-mesh-80", "gw-mesh-8443");
        assertThat(probes.get("gw-mesh-8443").outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(probes.get("gw-mesh-8443").passed()).isFalse();
        assertThat(probes.get("gw-mesh-80").passed()).isTrue();
        assertThat(driver.probes(new PairKey(GW, "gw-exec"))).isNull();
    }

    @Test
    void a_record_that_is_not_a_firewall_event_goes_to_the_dead_letter_topic_and_the_events_after_it_still_count() {
        // Given
        byte[] key = Topics.FIREWALL_EVENTS.keySerde().serializer().serialize("t", new FlowKey(GW, MESH, "tcp", 8443));
        driver.pipeRaw(key, "{\"schema\":1,\"time\":\"not a time\"}".getBytes(StandardCharsets.UTF_8));
        driver.pipeRaw(key, "garbage".getBytes(StandardCharsets.UTF_8));
        // When
        driver.pipe(drop(GW, MESH, 8443, T0));
        // Then
        assertThat(driver.summary(PAIR).total().drops()).isEqualTo(1);
        assertThat(driver.summary(PAIR).received()).isEqualTo(1);
        // And both records are on the dead-letter topic with their reason, their text and where they were
        // (each reason in the record's own terms: the field and what it should be, no Java class name)
        assertThat(driver.deadLetters()).satisfiesExactly(
                d -> {
                    assertThat(d.line()).isEqualTo("{\"schema\":1,\"time\":\"not a time\"}");
                    assertThat(d.reason()).isEqualTo(
                            "not a firewall event: time: 'not a time' is not a time such as 2025-11-21T10:00:00Z");
                },
                d -> {
                    assertThat(d.line()).isEqualTo("garbage");
                    assertThat(d.reason()).startsWith("not a firewall event: not valid JSON: Unrecognized token 'garbage'");
                })
                .allSatisfy(d -> {
                    assertThat(d.origin().source()).startsWith(Topics.FIREWALL_EVENTS.name(NS));
                    assertThat(d.origin().position()).isNotNegative();
                });
    }

    @Test
    void a_record_that_is_not_a_probe_result_goes_to_the_dead_letter_topic_and_the_results_after_it_still_count() {
        // Given
        byte[] key = Topics.PROBE_RESULTS.keySerde().serializer().serialize("t", new FlowKey(GW, MESH, "tcp", 8443));
        driver.pipeRawProbe(key, "{\"schema\":1,\"probeId\":\"half a result\"}".getBytes(StandardCharsets.UTF_8));
        // When
        driver.pipe(TestEvents.probe("gw-mesh-8443", GW, MESH, 8443, ProbeOutcome.OPEN, T0));
        // Then
        assertThat(driver.probes(PAIR).byProbe()).containsOnlyKeys("gw-mesh-8443");
        assertThat(driver.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("not a probe result: 'kind' is required");
            assertThat(d.line()).isEqualTo("{\"schema\":1,\"probeId\":\"half a result\"}");
            assertThat(d.origin().source()).startsWith(Topics.PROBE_RESULTS.name(NS));
        });
    }

    @Test
    void a_probe_result_whose_flow_cannot_be_keyed_goes_to_the_dead_letter_topic_and_the_results_after_it_still_count() {
        // Given a port no flow can have, and a probe id with the key separator where the destination would be
        byte[] key = Topics.PROBE_RESULTS.keySerde().serializer().serialize("t", new FlowKey(GW, MESH, "tcp", 8443));
        String badPort = "{\"schema\":1,\"probeId\":\"gw-mesh-70000\",\"kind\":\"TCP\",\"time\":\"" + T0
                + "\",\"source\":\"" + GW + "\",\"destination\":\"" + MESH + "\",\"protocol\":\"tcp\","
                + "\"port\":70000,\"outcome\":\"TIMEOUT\",\"passed\":false,\"durationMillis\":5}";
        String badId = "{\"schema\":1,\"probeId\":\"exec|1\",\"kind\":\"EXEC\",\"time\":\"" + T0
                + "\",\"outcome\":\"ERROR\",\"passed\":false,\"durationMillis\":5}";
        driver.pipeRawProbe(key, badPort.getBytes(StandardCharsets.UTF_8));
        driver.pipeRawProbe(null, badId.getBytes(StandardCharsets.UTF_8));
        // When
        driver.pipe(TestEvents.probe("gw-mesh-8443", GW, MESH, 8443, ProbeOutcome.OPEN, T0));
        // Then
        assertThat(driver.probes(PAIR).byProbe()).containsOnlyKeys("gw-mesh-8443");
        assertThat(driver.deadLetters()).satisfiesExactly(
                d -> {
                    assertThat(d.reason()).isEqualTo("not a probe result: port must be 0-65535, was 70000");
                    assertThat(d.line()).isEqualTo(badPort);
                },
                d -> {
                    assertThat(d.reason()).isEqualTo("not a probe result: key part must not contain '|': exec|1");
                    assertThat(d.line()).isEqualTo(badId);
                });
    }

    @Test
    void a_firewall_event_whose_flow_cannot_be_keyed_goes_to_the_dead_letter_topic_and_the_events_after_it_still_count() {
        // Given a drop to a port no flow can have, as a foreign producer might write it
        String json = new String(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t",
                drop(GW, MESH, 8443, T0)), StandardCharsets.UTF_8).replace("8443", "70000");
        byte[] key = Topics.FIREWALL_EVENTS.keySerde().serializer().serialize("t", new FlowKey(GW, MESH, "tcp", 8443));
        driver.pipeRaw(key, json.getBytes(StandardCharsets.UTF_8));
        // When
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(1)));
        // Then
        assertThat(driver.summary(PAIR).received()).isEqualTo(1);
        assertThat(driver.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("not a firewall event: port must be 0-65535, was 70000");
            assertThat(d.line()).isEqualTo(json);
        });
    }

    @Test
    void the_dead_letter_of_an_event_with_a_huge_address_stays_inside_what_kafka_takes_and_the_events_after_it_count() {
        // Given a drop whose source address is 1 MB (of a foreign producer) with the key separator at its end: the reason quoted it whole,
        // a dead letter above the 1 MiB a Kafka record may have, which stopped the stream thread at every start
        String huge = "A".repeat(1_040_000) + "|";
        String json = new String(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t",
                drop(GW, MESH, 8443, T0)), StandardCharsets.UTF_8).replace("\"" + GW + "\"", "\"" + huge + "\"");
        Logger logger = (Logger) LoggerFactory.getLogger(RecordReader.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            driver.pipeRaw(null, json.getBytes(StandardCharsets.UTF_8));
        } finally {
            logger.detachAppender(log);
        }
        // When
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(1)));
        // Then
        assertThat(driver.summary(PAIR).received()).isEqualTo(1);
        assertThat(driver.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).startsWith("not a firewall event: key part must not contain '|': AAAA")
                    .contains("only its first 2,048 kept");
            assertThat(Topics.UNPARSED.valueSerde().serializer().serialize("t", d).length).isLessThan(1024 * 1024);
            // And its warning on stderr gives that reason, not a line of a megabyte
            assertThat(log.list).singleElement().satisfies(warning -> assertThat(warning.getKeyValuePairs())
                    .anySatisfy(kv -> assertThat(kv.value).isEqualTo(d.reason())));
        });
    }

    @Test
    void a_record_whose_key_is_not_a_flow_key_goes_to_the_dead_letter_topic_and_the_records_after_it_still_count() {
        // Given a foreign producer's keys: before, Kafka Streams' handler skipped such records with a log line only
        String event = new String(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t",
                drop(GW, MESH, 8443, T0)), StandardCharsets.UTF_8);
        String result = new String(Topics.PROBE_RESULTS.valueSerde().serializer().serialize("t",
                TestEvents.probe("gw-mesh-8443", GW, MESH, 8443, ProbeOutcome.OPEN, T0)), StandardCharsets.UTF_8);
        driver.pipeRaw("host-a".getBytes(StandardCharsets.UTF_8), event.getBytes(StandardCharsets.UTF_8));
        driver.pipeRawProbe("a|b|tcp|https".getBytes(StandardCharsets.UTF_8), result.getBytes(StandardCharsets.UTF_8));
        // When
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(1)));
        driver.pipe(TestEvents.probe("gw-mesh-80", GW, MESH, 80, ProbeOutcome.OPEN, T0));
        // Then
        assertThat(driver.summary(PAIR).received()).isEqualTo(1);
        assertThat(driver.probes(PAIR).byProbe()).containsOnlyKeys("gw-mesh-80");
        assertThat(driver.deadLetters()).satisfiesExactlyInAnyOrder(
                d -> {
                    assertThat(d.reason()).isEqualTo(
                            "not a firewall event: its key cannot be read: flow key needs 4 '|'-separated parts: host-a");
                    assertThat(d.line()).isEqualTo(event);
                    assertThat(d.origin().source()).startsWith(Topics.FIREWALL_EVENTS.name(NS));
                },
                d -> {
                    assertThat(d.reason()).isEqualTo(
                            "not a probe result: its key cannot be read: flow key port is not a number: a|b|tcp|https");
                    assertThat(d.line()).isEqualTo(result);
                    assertThat(d.origin().source()).startsWith(Topics.PROBE_RESULTS.name(NS));
                });
    }

    @Test
    void the_dead_letter_of_a_record_that_is_not_utf8_keeps_its_bytes() {
        // Given a Latin-1 record: its text shows each such byte as U+FFFD, which cannot give them back
        byte[] latin1 = {'G', 'r', (byte) 0xfc, (byte) 0xdf, 'e'};
        byte[] utf8 = "caf\u00e9".getBytes(StandardCharsets.UTF_8);
        // When
        driver.pipeRaw(null, latin1);
        driver.pipeRawProbe(null, utf8);
        // Then
        assertThat(driver.deadLetters()).satisfiesExactlyInAnyOrder(
                d -> {
                    assertThat(d.reason()).isEqualTo("not a firewall event: not valid JSON: Invalid UTF-8 start byte 0xfc");
                    assertThat(d.line()).isEqualTo("Gr\uFFFD\uFFFDe");
                    assertThat(d.bytes()).isEqualTo(latin1);
                },
                d -> {
                    assertThat(d.line()).isEqualTo("caf\u00e9");
                    assertThat(d.bytes()).isNull();
                });
    }

    @Test
    void a_record_of_a_newer_schema_goes_to_the_dead_letter_topic_saying_so_and_the_records_after_it_still_count() {
        // Given a newer producer's records: one whole in the fields schema 1 has, one without a field schema 1 needs
        String event = new String(Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t",
                drop(GW, MESH, 8443, T0)), StandardCharsets.UTF_8).replace("\"schema\":1,", "\"schema\":2,");
        String partial = "{\"schema\":99,\"time\":\"" + T0 + "\"}";
        String result = new String(Topics.PROBE_RESULTS.valueSerde().serializer().serialize("t",
                TestEvents.probe("gw-mesh-8443", GW, MESH, 8443, ProbeOutcome.OPEN, T0)), StandardCharsets.UTF_8)
                .replace("\"schema\":1,", "\"schema\":2,");
        assertThat(event).contains("\"schema\":2,");
        assertThat(result).contains("\"schema\":2,");
        driver.pipeRaw(null, event.getBytes(StandardCharsets.UTF_8));
        driver.pipeRaw(null, partial.getBytes(StandardCharsets.UTF_8));
        driver.pipeRawProbe(null, result.getBytes(StandardCharsets.UTF_8));
        // When
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(1)));
        driver.pipe(TestEvents.probe("gw-mesh-80", GW, MESH, 80, ProbeOutcome.OPEN, T0));
        // Then: read as schema 1 before, the first was counted and the second said 'chain' is required
        assertThat(driver.summary(PAIR).received()).isEqualTo(1);
        assertThat(driver.probes(PAIR).byProbe()).containsOnlyKeys("gw-mesh-80");
        assertThat(driver.deadLetters()).extracting(UnparsedLine::reason, UnparsedLine::line).containsExactlyInAnyOrder(
                tuple("not a firewall event: schema 2 is newer than the 1 this droptrace reads: upgrade droptrace to read it",
                        event),
                tuple("not a firewall event: schema 99 is newer than the 1 this droptrace reads: upgrade droptrace to read it",
                        partial),
                tuple("not a probe result: schema 2 is newer than the 1 this droptrace reads: upgrade droptrace to read it",
                        result));
    }

    @Test
    void an_event_without_a_flow_key_is_still_counted_under_its_own_pair() {
        // Given
        byte[] value = Topics.FIREWALL_EVENTS.valueSerde().serializer().serialize("t", drop(GW, MESH, 8443, T0));
        // When
        driver.pipeRaw(null, value);
        // Then
        assertThat(driver.minute(PAIR, T0).total().drops()).isEqualTo(1);
    }

    @Test
    void every_processor_store_and_internal_topic_has_a_stable_name() {
        // When
        String description = CorrelationTopology.build(CorrelationSettings.defaults(NS)).describe().toString();
        // Then
        assertThat(description).contains("firewall-events-source", "events-present", "events-key-by-pair",
                "events-by-pair-repartition", "events-read", "events-unreadable", "events-unparsed-sink", "events-readable", "correlate-pair", "alerts-sink", "probe-results-source",
                "probe-results-present", "probe-results-read", "probe-results-unparsed-sink", "probe-results-key-by-pair", "probes-by-pair-repartition", "record-probe",
                "pair-minute-buckets", "pair-hour-buckets", "pair-summary", "pair-recent-events", "pair-alerts",
                "pair-probes",
                "droptrace.test.alerts");
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-");
    }
}
