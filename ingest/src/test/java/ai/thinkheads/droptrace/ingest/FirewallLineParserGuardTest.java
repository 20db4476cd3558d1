package ai.thinkheads.droptrace.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A bug of the parser on one line makes that line a dead letter that says so; it never ends the ingest. */
class FirewallLineParserGuardTest {

    @Test
    void anExceptionOfTheParserIsAFailureNamingIt() {
        ParseResult result = FirewallLineParser.guarded("0 6 x", null, null, (line, origin, received) -> {
            throw new StringIndexOutOfBoundsException("index 12, length 5");
        });

        assertThat(result).isInstanceOf(ParseResult.Failed.class);
        ParseResult.Failed failed = (ParseResult.Failed) result;
        assertThat(failed.line()).isEqualTo("0 6 x");
        assertThat(failed.reason()).isEqualTo("droptrace's parser failed on this line "
                + "(StringIndexOutOfBoundsException: index 12, length 5), a bug: please report it with the line");
    }

    @Test
    void anExceptionWithoutMessageIsNamedByItsClass() {
        ParseResult result = FirewallLineParser.guarded("x", null, null, (line, origin, received) -> {
            throw new NullPointerException();
        });

        assertThat(((ParseResult.Failed) result).reason()).contains("(NullPointerException)");
    }

    @Test
    void aLineTheParserReadsIsUntouched() {
        FirewallLineParser parser = new FirewallLineParser(SyslogYearAndZone.of(null, ZoneId.of("UTC"), Instant.parse("2025-03-20T00:00:00Z")));

        ParseResult result = parser.parse("0 5 - 16/Nov/2021:09:28:09 +0100 starting pvefw logger", Origin.of("f", 1));

        assertThat(result).isInstanceOf(ParseResult.Status.class);
    }
}
