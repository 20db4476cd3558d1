package ai.thinkheads.droptrace.core.alert;

import ai.thinkheads.droptrace.core.event.Action;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One real-time alert on {@code alerts}, keyed by its (source, destination) pair.
 *
 * @param schema version of this JSON shape; readers accept any version they know fields of
 * @param id stable id {@code source|destination|KIND|eventTimeMillis}: the same input gives the same id
 * @param time event time of the firewall event that raised it
 * @param protocol protocol of the triggering event ({@code tcp}, {@code udp}, {@code icmp}, ...)
 * @param port destination port of the triggering event, 0 when the protocol has none
 * @param window the bucket the counts are taken from
 * @param blocked drops plus rejects of the pair in {@code window}
 * @param ports the blocked port labels of the pair in {@code window} ({@code tcp/8443}, {@code icmp})
 * @param baseline the pair's baseline, only for {@link AlertKind#RATE_ABOVE_BASELINE}
 * @param vmid guest id of the chain that logged the triggering event (0 for the host)
 * @param chain the chain that logged it ({@code PVEFW-HOST-IN}, {@code veth101i0-IN})
 * @param policy whether the chain's default policy (not a rule) blocked it
 * @param message the log prefix text as written ({@code policy DROP})
 * @param rule the rule that blocks the flow as {@code file:line}, once the rule tracer names it;
 *     {@code null} until then
 * @param suppressed how many alerts of this kind for this pair the cooldown held back since the
 *     previous one
 * @param summary one plain sentence for a human
 * @param line the raw log line of the triggering event, as evidence
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        int schema,
        String id,
        AlertKind kind,
        AlertKind.Severity severity,
        Instant time,
        String source,
        String destination,
        String protocol,
        int port,
        Window window,
        long blocked,
        long drops,
        long rejects,
        List<String> ports,
        Baseline baseline,
        int vmid,
        String chain,
        Action action,
        boolean policy,
        String message,
        String rule,
        long suppressed,
        String summary,
        String line) {

    public static final int SCHEMA_VERSION = 1;

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(summary, "summary");
        severity = severity == null ? kind.severity() : severity;
        ports = ports == null ? List.of() : List.copyOf(ports);
        if (blocked < 0 || drops < 0 || rejects < 0 || suppressed < 0) {
            throw new IllegalArgumentException("alert counts must not be negative");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (kind == AlertKind.RATE_ABOVE_BASELINE && baseline == null) {
            throw new IllegalArgumentException("a rate alert needs its baseline");
        }
    }

    /** The stable id of the alert of {@code kind} raised by an event of the pair at {@code time}. */
    public static String idOf(String source, String destination, AlertKind kind, Instant time) {
        return source + '|' + destination + '|' + kind + '|' + time.toEpochMilli();
    }

    /** A half-open event-time interval {@code [start, end)}. */
    public record Window(Instant start, Instant end) {
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("window end must be after its start");
            }
        }
    }

    /**
     * A pair's own recent blocked rate: the mean blocked count per minute over {@code minutes}
     * minutes before the alert's window.
     */
    public record Baseline(double perMinute, int minutes, double factor) {
        public Baseline {
            if (perMinute < 0 || minutes < 1 || factor <= 0) {
                throw new IllegalArgumentException("baseline needs perMinute >= 0, minutes >= 1, factor > 0");
            }
        }
    }
}
