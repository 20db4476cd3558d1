package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.streams.state.ActionCounts;
import ai.thinkheads.droptrace.streams.state.Labels;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Builds an {@link Alert} from the event that raised it and the pair's minute bucket, with its sentence. */
final class AlertText {

    private AlertText() {
    }

    static Alert alert(AlertKind kind, PairKey pair, FirewallEvent event, PairBucket minute, Instant minuteStart,
            Alert.Baseline baseline, Duration baselineSpan, long suppressed, String rule) {
        FlowKey flow = event.flow();
        List<String> ports = minute.byPort().entrySet().stream()
                .filter(e -> e.getValue().blocked() > 0).map(e -> e.getKey()).toList();
        Alert.Window window = new Alert.Window(minuteStart, minuteStart.plus(CorrelationSettings.MINUTE));
        long blocked = minute.total().blocked();
        return new Alert(Alert.SCHEMA_VERSION, Alert.idOf(pair.source(), pair.destination(), kind, event.time()),
                kind, kind.severity(), event.time(), pair.source(), pair.destination(), flow.protocol(), flow.port(),
                window, blocked, minute.total().drops(), minute.total().rejects(), ports, baseline, event.vmid(),
                event.chain(), event.action(), event.policy(), event.message(), rule, suppressed,
                sentence(kind, pair, event, minute, baseline, baselineSpan) + heldBack(suppressed), event.line());
    }

    private static String sentence(AlertKind kind, PairKey pair, FirewallEvent event, PairBucket minute,
            Alert.Baseline baseline, Duration baselineSpan) {
        long blocked = minute.total().blocked();
        String path = pair.source() + " -> " + pair.destination() + " " + Labels.port(event);
        String verb = event.action() == Action.REJECT ? "rejected" : "dropped";
        String by = "by " + (event.policy() ? "the default policy of " : "") + "chain " + event.chain()
                + (event.vmid() != 0 ? " (vmid " + event.vmid() + ")"
                        : event.chain().startsWith("GROUP-") ? " (security group)" : " (host)");
        return switch (kind) {
            case MUST_WORK_BLOCKED -> path + " must work but was " + verb + " " + by + "; "
                    + blockedInMinute(event, minute) + ".";
            case FIRST_DROPS -> "First blocked traffic ever seen from " + pair.source() + " to "
                    + pair.destination() + ": " + Labels.port(event) + " " + verb + " " + by + ".";
            case RATE_ABOVE_BASELINE -> pair.source() + " -> " + pair.destination() + ": " + blocked
                    + " blocked in one minute, " + versus(blocked, baseline, baselineSpan) + ".";
        };
    }

    /**
     * The must-work flow's blocked count in the minute, and the pair's apart when the pair had other blocked traffic:
     * after "tcp/8443 must work but was dropped", "13 blocked in this minute" read as 13 drops of the flow where 12
     * were of tcp/22. A port counted under {@code tcp/other} (more than 64 ports in the minute) has no count of its
     * own: the pair's is said as the pair's.
     */
    private static String blockedInMinute(FirewallEvent event, PairBucket minute) {
        long blocked = minute.total().blocked();
        String port = Labels.port(event);
        ActionCounts own = minute.byPort().get(port);
        if (own == null) {
            return blocked + " blocked between the pair in this minute";
        }
        return own.blocked() == blocked ? blocked + " blocked in this minute"
                : own.blocked() + " blocked on " + port + " in this minute, " + blocked + " in all between the pair";
    }

    /**
     * The alerts of the kind the cooldown held back since the previous one, said in the sentence: the tables of
     * {@code alerts} and {@code query pair} show only it, and without it the next alert read as the first since the
     * previous one, not as a block that went on all along.
     */
    private static String heldBack(long suppressed) {
        return suppressed == 0 ? "" : " " + suppressed + " more held back by the cooldown since the previous alert.";
    }

    /**
     * The burst against the baseline, over its whole minutes or, when they reach back to the pair's first blocked
     * event ({@code span} not {@code null}), over the time since that event, which the baseline counts from.
     */
    private static String versus(long blocked, Alert.Baseline baseline, Duration span) {
        String over = span == null ? baseline.minutes() + " min" : "the " + spanText(span)
                + " since its first blocked event";
        if (baseline.perMinute() == 0) {
            return span == null ? "none in the " + over + " before" : "none in " + over;
        }
        return String.format(Locale.ROOT, "%.1f times its baseline of %.2f/min over %s",
                blocked / baseline.perMinute(), baseline.perMinute(), over);
    }

    /** {@code 9 s}, {@code 9 min 50 s}, {@code 3 min}, to the second. */
    private static String spanText(Duration span) {
        long seconds = span.toSeconds();
        long min = seconds / 60;
        long s = seconds % 60;
        return min == 0 ? s + " s" : s == 0 ? min + " min" : min + " min " + s + " s";
    }
}
