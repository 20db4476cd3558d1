package ai.thinkheads.droptrace.ingest.syslog;

import java.time.Instant;
import java.util.Map;

/**
 * The header fields and message of one syslog message (RFC 5424 or RFC 3164). Absent (or nil,
 * {@code -}) fields are {@code null}.
 *
 * @param priority the PRI value 0-191, {@code null} when an RFC 3164 line had none
 * @param version the RFC 5424 version, {@code null} for RFC 3164
 * @param timestamp the time; for RFC 3164 the year and zone were supplied (see {@link SyslogYearAndZone})
 * @param offsetSeconds the zone offset the sender wrote (RFC 5424 allows up to +-23:59, beyond
 *     {@code java.time.ZoneOffset}); for RFC 3164 the offset of the supplied zone
 * @param structuredData RFC 5424 structured data, element id to parameters, in order
 * @param message the free-form message, {@code null} when there is none
 * @param messageStart index of the message in the parsed text, -1 when there is none
 */
public record SyslogMessage(Integer priority, Integer version, Instant timestamp, int offsetSeconds, String hostname,
        String appName, String procId, String msgId, Map<String, Map<String, String>> structuredData, String message,
        int messageStart) {

    public Integer facility() {
        return priority == null ? null : priority / 8;
    }

    public Integer severity() {
        return priority == null ? null : priority % 8;
    }
}
