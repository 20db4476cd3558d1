package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.alert.AlertKind;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.streams.state.PairAlerts;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import ai.thinkheads.droptrace.streams.state.PairSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which alert, if any, one blocked event raises, following {@link AlertPolicy}: the most
 * severe kind whose condition holds and that is not cooling down for the pair. Every kind whose
 * condition holds but is cooling down is counted as suppressed.
 */
final class AlertDecider {

    private static final Duration MINUTE = CorrelationSettings.MINUTE;

    /** The pair's blocked count in whole minutes {@code [from, to)}, read from the minute buckets. */
    interface BlockedHistory {
        long blockedBetween(PairKey pair, Instant from, Instant to);
    }

    /**
     * What a blocked event led to: the alert raised (if any), the pair's next alert state
     * ({@code null} when no condition held, so the state was not even read), its baseline memo.
     */
    record Decision(Optional<Alert> raised, PairAlerts alerts, PairSummary.BaselineMemo baseline) {
    }

    private final AlertPolicy policy;
    private final int keepRecent;

    AlertDecider(AlertPolicy policy, int keepRecent) {
        this.policy = policy;
        this.keepRecent = keepRecent;
    }

    /**
     * @param before the pair's summary before this event
     * @param minute the pair's minute bucket including this event, or {@code null} when the event
     *     came after the bucket's grace
     * @param closedMinute the pair's minute bucket as it was kept when it closed, read only for an alert of an
     *     event that came after the grace: the alert counts that event in it
     * @param alerts the pair's alert state, read only when some alert condition holds
     * @param rule the rule that wrote the event's line ({@code file:line}), or {@code null}
     * @param streamTime the task's stream time: an event dated after it has its own cooldowns
     */
    Decision decide(PairKey pair, FirewallEvent event, PairSummary before, PairBucket minute,
            Supplier<PairBucket> closedMinute, Supplier<PairAlerts> alerts, BlockedHistory history, String rule,
            Instant streamTime) {
        Instant minuteStart = Buckets.startOf(event.time(), MINUTE);
        PairSummary.BaselineMemo memo = before.baseline();
        PairAlerts next = null;
        for (AlertKind kind : AlertKind.values()) {
            Alert.Baseline baseline = null;
            boolean holds;
            switch (kind) {
                case MUST_WORK_BLOCKED -> holds = policy.mustWork().contains(event.flow());
                case FIRST_DROPS -> holds = !before.hasBlocked();
                case RATE_ABOVE_BASELINE -> {
                    memo = rateBaseline(pair, before, minute, minuteStart, history);
                    baseline = rateExceeded(minute, memo, minuteStart);
                    holds = baseline != null;
                }
                default -> throw new IllegalStateException("unknown alert kind " + kind);
            }
            if (!holds) {
                continue;
            }
            if (next == null) {
                next = alerts.get();
            }
            if (next.coolingDown(kind, event.time(), policy.cooldown(), streamTime)) {
                next = next.withSuppressed(kind);
                continue;
            }
            PairBucket shown = minute != null ? minute : closedMinute.get().add(event, rule);
            Alert alert = AlertText.alert(kind, pair, event, shown, minuteStart, baseline,
                    baseline == null ? null : partialSpan(before, minuteStart, baseline.minutes()),
                    next.suppressed(kind), rule);
            return new Decision(Optional.of(alert), next.withRaised(alert, keepRecent, streamTime),
                    kept(before.baseline(), memo));
        }
        return new Decision(Optional.empty(), next, kept(before.baseline(), memo));
    }

    /**
     * The memo to keep: the one of a later minute stays when this event's (late) minute had its baseline computed,
     * so that late events for an earlier minute do not change the later minute's baseline, computed once. Replaced,
     * the later minute's was computed again at its next event, with the late events in it.
     */
    private static PairSummary.BaselineMemo kept(PairSummary.BaselineMemo before, PairSummary.BaselineMemo computed) {
        return before != null && computed != null && computed.minute().isBefore(before.minute()) ? before : computed;
    }

    /**
     * The pair's baseline for this minute, from the memo when it was already computed for this
     * minute; {@code null} when the rate rule does not apply (too few blocked yet, no earlier minute).
     */
    private PairSummary.BaselineMemo rateBaseline(PairKey pair, PairSummary before, PairBucket minute,
            Instant minuteStart, BlockedHistory history) {
        PairSummary.BaselineMemo memo = before.baseline();
        if (minute == null || minute.total().blocked() < policy.rateFloor() || !before.hasBlocked()) {
            return memo;
        }
        if (memo != null && memo.minute().equals(minuteStart)) {
            return memo;
        }
        Instant firstMinute = Buckets.startOf(before.firstBlocked(), MINUTE);
        long minutesSinceFirst = Duration.between(firstMinute, minuteStart).toMinutes();
        if (minutesSinceFirst < 1) {
            return memo;
        }
        int n = (int) Math.min(policy.baselineMinutes(), minutesSinceFirst);
        long blocked = history.blockedBetween(pair, minuteStart.minus(MINUTE.multipliedBy(n)), minuteStart);
        Duration partial = partialSpan(before, minuteStart, n);
        double minutes = partial == null ? n : (double) partial.toMillis() / MINUTE.toMillis();
        return new PairSummary.BaselineMemo(minuteStart, blocked / minutes, n);
    }

    /**
     * The time from the pair's first blocked event to {@code minuteStart} when the {@code n} minutes before it reach
     * back to the minute of that event, which was then blocked only from that event on; {@code null} when they are
     * whole. Counted as a whole minute, the first minute's few drops before its end made a baseline of a fraction of
     * the pair's rate: a steady 20 a minute from 14:00:51 (3 in that minute) was "6.7 times its baseline of 3.00/min"
     * at 14:01:57.
     */
    private static Duration partialSpan(PairSummary before, Instant minuteStart, int n) {
        Instant first = before.firstBlocked();
        if (first == null || !first.isAfter(minuteStart.minus(MINUTE.multipliedBy(n)))
                || !first.isBefore(minuteStart)) {
            return null;
        }
        return Duration.between(first, minuteStart);
    }

    private Alert.Baseline rateExceeded(PairBucket minute, PairSummary.BaselineMemo memo, Instant minuteStart) {
        if (minute == null || memo == null || !memo.minute().equals(minuteStart)) {
            return null;
        }
        long count = minute.total().blocked();
        if (count < policy.rateFloor() || count < policy.rateFactor() * memo.perMinute()) {
            return null;
        }
        return new Alert.Baseline(memo.perMinute(), memo.minutes(), policy.rateFactor());
    }
}
