package ai.thinkheads.droptrace.streams.query;

import static ai.thinkheads.droptrace.streams.correlate.TestEvents.drop;
import static ai.thinkheads.droptrace.streams.correlate.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.CorrelationDriver;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.TestEvents;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalStoresTest {

    private static final Instant T0 = Instant.parse("2025-11-20T14:00:00Z");
    private static final String GW = "10.0.0.153";
    private static final String MESH = "10.0.0.12";
    private static final String CA = "10.0.0.10";
    private static final Duration HOURS = CorrelationSettings.DEFAULT_HOUR_RETENTION;

    private CorrelationDriver driver;
    private LocalStores stores;

    @BeforeEach
    void start() {
        driver = new CorrelationDriver(CorrelationSettings.defaults(Namespace.of("test")));
        stores = new LocalStores("test", 5, driver.stores());
        // Two pairs over three minutes and one hour later, with a probe result
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(10)));
        driver.pipe(drop(GW, MESH, 8443, T0.plusSeconds(70)));
        driver.pipe(event(GW, MESH, "UDP", 53, Action.REJECT, 0, "PVEFW-HOST-IN", false, T0.plusSeconds(130)));
        driver.pipe(drop(GW, CA, 9000, T0.plusSeconds(20)));
        driver.pipe(drop(GW, MESH, 8443, T0.plus(Duration.ofMinutes(75))));
        driver.pipe(TestEvents.probe("gw-mesh", GW, MESH, 8443, ProbeOutcome.TIMEOUT, T0.plusSeconds(5)));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void a_pair_report_sums_the_buckets_that_overlap_the_range_and_lists_them_as_a_timeline() {
        // When: 14:00:30 .. 14:02:30 overlaps the minute buckets 14:00, 14:01 and 14:02
        PairReport report = stores.pair(new PairKey(GW, MESH),
                TimeRange.of(T0.plusSeconds(30), T0.plusSeconds(150), null));
        // Then
        assertThat(report.seen()).isTrue();
        assertThat(report.range().resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(report.range().bucketsFrom()).isEqualTo(T0);
        assertThat(report.range().bucketsTo()).isEqualTo(T0.plusSeconds(180));
        assertThat(report.inRange()).isEqualTo(new ActionCounts(0, 2, 1, 0));
        assertThat(report.byProtocol()).containsOnlyKeys("tcp", "udp");
        assertThat(report.byPort()).containsOnlyKeys("tcp/8443", "udp/53");
        assertThat(report.byChain()).containsOnlyKeys("0/PVEFW-HOST-IN", "102/veth102i0-IN");
        assertThat(report.timeline()).extracting(PairReport.Bucket::start)
                .containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(report.allTime().blocked()).isEqualTo(4);
        assertThat(report.recentEvents()).extracting(e -> e.time())
                .containsExactly(T0.plus(Duration.ofMinutes(75)), T0.plusSeconds(130), T0.plusSeconds(70), T0.plusSeconds(10));
        assertThat(report.recentAlerts()).hasSize(1);
        assertThat(report.probes()).extracting(p -> p.outcome()).containsExactly(ProbeOutcome.TIMEOUT);
    }

    @Test
    void a_long_range_is_answered_from_hour_buckets() {
        // When
        PairReport report = stores.pair(new PairKey(GW, MESH), TimeRange.of(T0, T0.plus(Duration.ofHours(4)), null));
        // Then
        assertThat(report.range().resolution()).isEqualTo(Resolution.HOUR);
        assertThat(report.timeline()).extracting(PairReport.Bucket::start).containsExactly(T0, T0.plusSeconds(3600));
        assertThat(report.inRange().blocked()).isEqualTo(4);
    }

    @Test
    void an_hour_of_yesterday_is_answered_from_hour_buckets_once_its_minute_buckets_are_no_longer_kept() {
        // Given: the pair logs again a day later, so stream time leaves the minute buckets of T0's hour behind
        Instant dayLater = T0.plus(Duration.ofDays(1));
        driver.pipe(drop(GW, MESH, 8443, dayLater));
        Duration retention = CorrelationSettings.defaults(Namespace.of("test")).minuteRetention();
        PairKey pair = new PairKey(GW, MESH);
        // When: the first hour, asked as a user asks it (its resolution left to its length)
        TimeRange yesterday = stores.kept(T0, T0.plusSeconds(3600), null, dayLater, retention, HOURS);
        TimeRange lastHour = stores.kept(dayLater.minusSeconds(3600), dayLater.plusSeconds(1), null, dayLater, retention,
                HOURS);
        // Then: hour buckets, which still count its three blocked packets (a running instance's minute buckets of that
        // hour answered none: a window store answers nothing older than its retention of stream time)
        assertThat(yesterday.resolution()).isEqualTo(Resolution.HOUR);
        assertThat(stores.pair(pair, yesterday).inRange().blocked()).isEqualTo(3);
        assertThat(TopList.rank(stores.top(TopBy.PAIR, yesterday, 10), 10)).extracting(TopList.Row::key)
                .contains("10.0.0.153|10.0.0.12");
        // And: a range the minute buckets still hold is answered from them
        assertThat(lastHour.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(stores.pair(pair, lastHour).inRange().blocked()).isEqualTo(1);
    }

    @Test
    void minute_buckets_asked_for_over_more_than_they_keep_are_cut_to_those_kept_and_the_range_says_so() {
        // Given: the pair logs again a day later; minute buckets are kept 6 h of stream time
        Instant dayLater = T0.plus(Duration.ofDays(1));
        driver.pipe(drop(GW, MESH, 8443, dayLater));
        Duration minutes = CorrelationSettings.DEFAULT_MINUTE_RETENTION;
        PairKey pair = new PairKey(GW, MESH);
        // When: minute buckets asked for over the last 12 h, and over an hour of yesterday
        TimeRange twelveHours = stores.kept(dayLater.minus(Duration.ofHours(12)), dayLater.plusSeconds(1),
                Resolution.MINUTE, dayLater, minutes, HOURS);
        TimeRange yesterday = stores.kept(T0, T0.plusSeconds(3600), Resolution.MINUTE, dayLater, minutes, HOURS);
        // Then: the range names the buckets it covers and why it starts later than asked (it covered the 12 h without
        // a word, while counting only the last 6)
        Instant firstKept = dayLater.minus(minutes).plusSeconds(60);
        assertThat(twelveHours.resolution()).isEqualTo(Resolution.MINUTE);
        assertThat(twelveHours.from()).isEqualTo(dayLater.minus(Duration.ofHours(12)));
        assertThat(twelveHours.bucketsFrom()).isEqualTo(firstKept);
        assertThat(twelveHours.cut()).isEqualTo("minute buckets are kept 6 h of event time: the range before "
                + firstKept + " is not counted; hour buckets cover it");
        assertThat(stores.pair(pair, twelveHours).inRange().blocked()).isEqualTo(1);
        // And: a range all of whose minute buckets are gone answers nothing, and says so
        assertThat(yesterday.bucketsFrom()).isEqualTo(yesterday.bucketsTo());
        assertThat(yesterday.cut()).isEqualTo(twelveHours.cut());
        assertThat(stores.pair(pair, yesterday).timeline()).isEmpty();
        assertThat(stores.top(TopBy.PAIR, yesterday, 10)).isEmpty();
    }

    @Test
    void hour_buckets_over_more_than_they_keep_are_cut_too_and_a_range_they_hold_is_not() {
        // Given
        Instant dayLater = T0.plus(Duration.ofDays(1));
        driver.pipe(drop(GW, MESH, 8443, dayLater));
        Duration minutes = CorrelationSettings.DEFAULT_MINUTE_RETENTION;
        // When: 30 days, left to its length (hour buckets), and two days
        TimeRange month = stores.kept(dayLater.minus(Duration.ofDays(30)), dayLater, null, dayLater, minutes, HOURS);
        TimeRange twoDays = stores.kept(dayLater.minus(Duration.ofDays(2)), dayLater, null, dayLater, minutes, HOURS);
        // Then
        assertThat(month.resolution()).isEqualTo(Resolution.HOUR);
        assertThat(month.bucketsFrom()).isEqualTo(dayLater.minus(HOURS).plus(Duration.ofHours(1)));
        assertThat(month.cut()).isEqualTo("hour buckets are kept 7 days of event time: the range before "
                + month.bucketsFrom() + " is not counted");
        assertThat(twoDays.cut()).isNull();
        assertThat(twoDays.bucketsFrom()).isEqualTo(dayLater.minus(Duration.ofDays(2)));
    }

    @Test
    void a_line_dated_years_ahead_moves_the_kept_minute_buckets_no_further_than_stream_time_does() {
        // Given: one line dated years ahead; stream time stops at the clock plus a minute
        Instant now = T0.plus(Duration.ofMinutes(76));
        driver.pipe(drop(CA, MESH, 8443, T0.plus(Duration.ofDays(3650))));
        // When
        TimeRange firstHour = stores.kept(T0, T0.plusSeconds(3600), null, now, Duration.ofHours(6), HOURS);
        // Then
        assertThat(firstHour.resolution()).isEqualTo(Resolution.MINUTE);
    }

    @Test
    void a_pair_never_seen_is_reported_as_not_seen_with_empty_counts() {
        PairReport report = stores.pair(new PairKey(MESH, GW), TimeRange.of(T0, T0.plusSeconds(3600), null));
        assertThat(report.seen()).isFalse();
        assertThat(report.inRange()).isEqualTo(ActionCounts.ZERO);
        assertThat(report.timeline()).isEmpty();
    }

    @Test
    void top_lists_rank_by_blocked_packets_within_the_range() {
        // Given
        TimeRange firstHour = TimeRange.of(T0, T0.plusSeconds(3600), Resolution.MINUTE);
        // When
        List<TopList.Row> pairs = TopList.rank(stores.top(TopBy.PAIR, firstHour, 10), 10);
        List<TopList.Row> ports = TopList.rank(stores.top(TopBy.PORT, firstHour, 10), 10);
        List<TopList.Row> onePair = TopList.rank(stores.top(TopBy.PAIR, firstHour, 1), 1);
        // Then
        assertThat(pairs).extracting(r -> r.key() + "=" + r.blocked())
                .containsExactly("10.0.0.153|10.0.0.12=3", "10.0.0.153|10.0.0.10=1");
        assertThat(ports).extracting(r -> r.key() + "=" + r.blocked())
                .containsExactly("tcp/8443=2", "tcp/9000=1", "udp/53=1");
        assertThat(onePair).extracting(TopList.Row::key).containsExactly("10.0.0.153|10.0.0.12");
    }

    @Test
    void alerts_are_listed_newest_first_within_the_range() {
        // When
        var alerts = stores.alerts(T0, T0.plusSeconds(3600), 10);
        var onlyLater = stores.alerts(T0.plusSeconds(15), T0.plusSeconds(3600), 10);
        // Then
        assertThat(alerts).extracting(a -> a.destination()).containsExactly(CA, MESH);
        assertThat(onlyLater).extracting(a -> a.destination()).containsExactly(CA);
    }

    @Test
    void a_range_that_starts_before_1970_covers_every_bucket_instead_of_failing() {
        // Given: no bucket starts before the epoch (Kafka times are not negative); a user asks for "everything"
        Instant longAgo = Instant.parse("1900-01-01T00:00:00Z");
        // When
        PairReport byHour = stores.pair(new PairKey(GW, MESH), TimeRange.of(longAgo, T0.plusSeconds(7200), null));
        PairReport byMinute = stores.pair(new PairKey(GW, MESH),
                TimeRange.of(longAgo, T0.plusSeconds(7200), Resolution.MINUTE));
        PairReport before = stores.pair(new PairKey(GW, MESH),
                TimeRange.of(longAgo, Instant.parse("1950-01-01T00:00:00Z"), null));
        List<TopList.Row> ports = TopList.rank(stores.top(TopBy.PORT, TimeRange.of(longAgo, T0.plusSeconds(7200),
                Resolution.HOUR), 10), 10);
        // Then
        assertThat(byHour.inRange().blocked()).isEqualTo(4);
        assertThat(byMinute.inRange().blocked()).isEqualTo(4);
        assertThat(byHour.range().bucketsFrom()).isEqualTo(longAgo);
        assertThat(before.seen()).isTrue();
        assertThat(before.inRange()).isEqualTo(ActionCounts.ZERO);
        assertThat(ports).extracting(r -> r.key() + "=" + r.blocked()).containsExactly("tcp/8443=3", "tcp/9000=1",
                "udp/53=1");
    }
}
