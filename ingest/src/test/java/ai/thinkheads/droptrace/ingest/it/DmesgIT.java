package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The time prefixes of this machine's own {@code dmesg -T} and {@code dmesg --time-format iso},
 * for the same kernel record, in front of a firewall line's fields: both read as the same time.
 * (No LOG line is made for this: the kernel logs none from a test's network namespace.)
 */
class DmesgIT {

    private static final String FIELDS = "[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=10.0.0.2 LEN=60 PROTO=TCP SPT=1 "
            + "DPT=22 SYN URGP=0 ";

    @Test
    void the_human_readable_and_the_iso_time_of_one_record_read_as_the_same_time() throws Exception {
        // Given: the first record of the kernel's ring buffer, printed both ways in Berlin time
        String dmesg = ExternalTool.require("dmesg", "util-linux").toString();
        String humanPrefix = null;
        String isoPrefix = null;
        for (int attempt = 0; attempt < 5 && humanPrefix == null; attempt++) {
            ExternalTool.Result human = ExternalTool.run(30, "env", "TZ=Europe/Berlin", dmesg, "-T");
            ExternalTool.Result iso = ExternalTool.run(30, "env", "TZ=Europe/Berlin", dmesg, "--time-format", "iso");
            assumeTrue(human.exitCode() == 0 && iso.exitCode() == 0 && !human.output().isBlank()
                    && !iso.output().isBlank(), "skipped: dmesg cannot read the kernel's ring buffer here, or it is "
                    + "empty: " + human.output().lines().findFirst().orElse(""));
            String first = human.output().lines().findFirst().orElseThrow();
            String[] isoFirst = iso.output().lines().findFirst().orElseThrow().split(" ", 2);
            // the same record in both, unless the ring buffer moved on between the two calls: then again
            if (first.length() > 27 && isoFirst.length == 2 && first.substring(27).equals(isoFirst[1])) {
                humanPrefix = first.substring(0, 27);
                isoPrefix = isoFirst[0] + " ";
            }
        }
        assumeTrue(humanPrefix != null, "skipped: the kernel's ring buffer kept moving between two dmesg calls");
        FirewallLineParser parser = new FirewallLineParser(SyslogYearAndZone.of(null, ZoneId.of("Europe/Berlin"),
                Instant.now()));

        // When
        FirewallEvent fromHuman = event(parser, humanPrefix + FIELDS);
        FirewallEvent fromIso = event(parser, isoPrefix + FIELDS);

        // Then: dmesg -T shows whole seconds of the same time (both are boot time plus the record's offset)
        assertThat(fromHuman.time()).as(humanPrefix + " / " + isoPrefix)
                .isEqualTo(fromIso.time().truncatedTo(ChronoUnit.SECONDS));
        assertThat(fromIso.time().getNano()).as("the iso form keeps the microseconds").isNotNegative();
        assertThat(fromHuman.packet().destinationPort()).isEqualTo(22);
        assertThat(fromIso.message()).isEqualTo("[UFW BLOCK]");
    }

    private static FirewallEvent event(FirewallLineParser parser, String line) {
        ParseResult result = parser.parse(line, Origin.of("dmesg", 1), Instant.now());
        assertThat(result).as(line + " -> " + result).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).event();
    }
}
