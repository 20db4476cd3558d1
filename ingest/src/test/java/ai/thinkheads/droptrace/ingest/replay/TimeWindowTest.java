package ai.thinkheads.droptrace.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static final FirewallLineParser PARSER = new FirewallLineParser(SyslogYearAndZone.live());

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

    private static ParseResult drop(String time) {
        return PARSER.parse("100 6 tap100i0-IN 14/Mar/2025:" + time + " +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 "
                + "DST=10.0.0.100 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 "
                + "RES=0x00 SYN URGP=0 ", Origin.of("test", 1));
    }

    @Test
    void a_line_is_in_from_its_start_up_to_but_not_at_its_end_and_one_without_a_time_always() {
        // Given the hour from 08:00 UTC (09:00 +0100)
        TimeWindow hour = new TimeWindow(Instant.parse("2025-03-14T08:00:00Z"), Instant.parse("2025-03-14T09:00:00Z"));
        // Then
        assertThat(hour.contains(drop("08:59:59"), NOW)).isFalse();
        assertThat(hour.contains(drop("09:00:00"), NOW)).isTrue();
        assertThat(hour.contains(drop("09:59:59"), NOW)).isTrue();
        assertThat(hour.contains(drop("10:00:00"), NOW)).isFalse();
        assertThat(hour.contains(new ParseResult.Status(LoggerStatus.Kind.STARTED, Instant.parse("2025-03-14T10:00:00Z"),
                "+0100", null, 5, "starting pvefw logger", 0), NOW)).isFalse();
        assertThat(hour.contains(new ParseResult.Status(LoggerStatus.Kind.CONNTRACK, null, null, null, 6, "[NEW]", 0), NOW))
                .as("a conntrack line carries no time").isTrue();
        assertThat(hour.contains(new ParseResult.Failed("no netfilter fields", "garbage"), NOW)).isTrue();
        assertThat(TimeWindow.ALL.contains(drop("23:00:00"), NOW)).isTrue();
        assertThat(new TimeWindow(null, Instant.parse("2025-03-14T09:00:00Z")).contains(drop("09:59:59"), NOW)).isTrue();
        assertThatThrownBy(() -> new TimeWindow(Instant.parse("2025-03-14T09:00:00Z"),
                Instant.parse("2025-03-14T09:00:00Z"))).hasMessageContaining("empty");
    }

    @Test
    void a_kernel_line_timed_by_when_it_was_read_has_no_time_of_its_own_and_is_kept() {
        // Given a dmesg line (no time written) read now, and a window long before now
        TimeWindow before = new TimeWindow(null, Instant.parse("2025-01-01T00:00:00Z"));
        ParseResult dmesg = PARSER.parse("[  307.757925] [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 "
                + "TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=1234 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0",
                Origin.of("test", 1), NOW);
        // Then it is sent, and a line with a time of its own still is not
        assertThat(dmesg).isInstanceOf(ParseResult.Parsed.class);
        assertThat(before.contains(dmesg, NOW)).isTrue();
        assertThat(before.contains(drop("09:00:00"), NOW)).isFalse();
    }
}
