package ai.thinkheads.droptrace.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A line the firewall logger wrote about itself ({@code starting pvefw logger},
 * {@code skipped 312 log entries (queue full)}) or a conntrack event line: recognised input that is
 * not a packet and not an error. Published to the {@code logger-status} topic so that the
 * {@code skipped} count (packets the logger could not log) is data, not noise.
 *
 * @param time the line's own time; for conntrack lines, which have none, the time droptrace read it
 * @param zoneOffset the zone offset written in the line, {@code null} when it had none
 * @param host the host that wrote the line when a syslog header named it, else {@code null}
 * @param level syslog level digit 0-7 of the line (6 when the line has none)
 * @param skipped log entries the logger reports it dropped; 0 unless {@code kind} is SKIPPED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggerStatus(int schema, Instant time, String zoneOffset, String host, int level, Kind kind,
        String text, long skipped, Origin origin) {

    public static final int SCHEMA_VERSION = 1;

    /** What the line says. */
    public enum Kind {
        STARTED,
        STOPPED,
        /** {@code skipped N log entries (queue full)}: the logger lost N packets. */
        SKIPPED,
        /** An error of the logger itself ({@code nlif_catch failed}, {@code error catching nfct}). */
        ERROR,
        /** A conntrack NEW/DESTROY line (host option {@code log_nf_conntrack}). */
        CONNTRACK,
        OTHER
    }

    public LoggerStatus {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(origin, "origin");
        if (level < 0 || level > 7) {
            throw new IllegalArgumentException("log level must be 0-7, was " + level);
        }
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must not be negative, was " + skipped);
        }
    }
}
