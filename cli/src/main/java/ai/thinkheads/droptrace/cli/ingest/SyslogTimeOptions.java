package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --year} and {@code --zone}: what RFC 3164 timestamps ({@code Mar 14 09:12:44}) lack. */
public final class SyslogTimeOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--year", paramLabel = "YYYY",
            description = "Year of RFC 3164 timestamps, which carry none. Default: inferred from the file's "
                    + "modification time (live input: now).")
    private Integer year;

    /** The years a firewall log can be from: a typo such as 225 for 2025 is an error, not a date. */
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 9999;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone of RFC 3164 timestamps, e.g. Europe/Berlin or +01:00. Default: this machine's zone.")
    private String zone;

    /** Year and zone for a file: the flags, else the file's modification time (a pipe's: now) and the local zone. */
    public SyslogYearAndZone forFile(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return live(); // stdin or a pipe: the time each line is read
        }
        Instant reference;
        try {
            reference = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return live();
        }
        return SyslogYearAndZone.of(year(), zoneId(), reference);
    }

    /** For live input the year is inferred from the time each line arrives. */
    public SyslogYearAndZone live() {
        return SyslogYearAndZone.ofLive(year(), zoneId());
    }

    /** A usage error for a --year or --zone that is not one; nothing when they are right or not given. */
    public void check() {
        year();
        zoneId();
    }

    private Integer year() {
        if (year != null && (year < FIRST_YEAR || year > LAST_YEAR)) {
            throw new ParameterException(spec.commandLine(), "--year " + year + " is not a year of a firewall log ("
                    + FIRST_YEAR + "-" + LAST_YEAR + ")");
        }
        return year;
    }

    private ZoneId zoneId() {
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ParameterException(spec.commandLine(), "--zone '" + zone + "' is not a zone: use a region such "
                    + "as Europe/Berlin or an offset such as +01:00");
        }
    }
}
