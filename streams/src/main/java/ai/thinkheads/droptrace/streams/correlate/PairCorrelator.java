package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.firewall.trace.Attribution;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.streams.ruleset.RuleLabels;
import ai.thinkheads.droptrace.streams.ruleset.RulesetStore;
import ai.thinkheads.droptrace.streams.ruleset.TracerCache;
import ai.thinkheads.droptrace.streams.ruleset.WriterActions;
import ai.thinkheads.droptrace.streams.state.EventDigest;
import ai.thinkheads.droptrace.streams.state.PairAlerts;
import ai.thinkheads.droptrace.streams.state.PairBucket;
import ai.thinkheads.droptrace.streams.state.PairSummary;
import ai.thinkheads.droptrace.streams.state.WrittenValues;
import ai.thinkheads.droptrace.streams.verdict.GuestAddresses;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Folds each firewall event of a pair into the pair's minute and hour buckets and its summary, and
 * forwards the alert it raises, if any. Buckets take an event while they are open (their end plus
 * the grace lies after stream time); a later event is counted as late in the summary. The rule
 * that wrote each line is named by the tracer of the current ruleset ({@link TracerCache}, looked
 * at again at most once a second) and kept in the event digest, the buckets' rule counts and the
 * alert.
 */
final class PairCorrelator implements Processor<PairKey, FirewallEvent, PairKey, Alert> {

    static final long RULESET_RECHECK_MILLIS = 1000;
    /** How many pairs' summaries and open buckets are kept as objects (see {@link WrittenValues}). */
    static final int WRITTEN_VALUES = 4096;

    private final CorrelationSettings settings;
    private final AlertDecider decider;
    private ProcessorContext<PairKey, Alert> context;
    private WindowStore<PairKey, PairBucket> minutes;
    private WindowStore<PairKey, PairBucket> hours;
    private KeyValueStore<PairKey, PairSummary> summaries;
    private KeyValueStore<String, EventDigest> recent;
    private KeyValueStore<PairKey, PairAlerts> alerts;
    private TracerCache rulesets;
    private GuestAddresses guests = GuestAddresses.NONE;
    /** The ruleset version {@link #guests} was made of. */
    private TracerCache.Current guestsOf;
    private final WrittenValues<PairKey, PairSummary> writtenSummaries = new WrittenValues<>(WRITTEN_VALUES);
    private final WrittenValues<BucketKey, PairBucket> writtenBuckets = new WrittenValues<>(4 * WRITTEN_VALUES);

    /** A bucket of one store: which store (its size), the pair, the bucket's start. */
    private record BucketKey(long size, PairKey pair, long start) {
    }

    PairCorrelator(CorrelationSettings settings) {
        this.settings = settings;
        this.decider = new AlertDecider(settings.alerts(), settings.recentAlerts());
    }

    @Override
    public void init(ProcessorContext<PairKey, Alert> context) {
        this.context = context;
        this.minutes = context.getStateStore(CorrelationStores.MINUTE_BUCKETS);
        this.hours = context.getStateStore(CorrelationStores.HOUR_BUCKETS);
        this.summaries = context.getStateStore(CorrelationStores.SUMMARY);
        this.recent = context.getStateStore(CorrelationStores.RECENT_EVENTS);
        this.alerts = context.getStateStore(CorrelationStores.ALERTS);
        this.rulesets = new TracerCache(context.getStateStore(RulesetStore.NAME), RULESET_RECHECK_MILLIS);
        writtenSummaries.clear();
        writtenBuckets.clear();
        guests = GuestAddresses.NONE;
        guestsOf = null;
    }

    @Override
    public void process(Record<PairKey, FirewallEvent> record) {
        PairKey pair = record.key();
        FirewallEvent event = record.value();
        if (pair == null || event == null) {
            return;
        }
        long time = event.time().toEpochMilli();
        long streamTime = context.currentStreamTimeMs();
        TracerCache.Current ruleset = rulesets.current(context.currentSystemTimeMs(), false);
        Attribution writer = ruleset == null ? null : ruleset.tracer().attribute(event);
        String rule = RuleLabels.of(writer);
        // A security group's line names no action: its writer's is counted, alerted on and kept.
        event = WriterActions.of(event, writer);
        PairSummary before = orElse(writtenSummaries.get(pair, () -> summaries.get(pair)), PairSummary.EMPTY);
        PairSummary summary = before.add(event);
        String bucketRule = ruleset == null ? null : rule == null ? PairBucket.UNATTRIBUTED : rule;
        recent.put(RecentEvents.key(pair, RecentEvents.slot(summary.received(), settings.recentEvents())),
                EventDigest.of(event, rule));
        PairBucket minute = addToBucket(minutes, pair, event, bucketRule, time, CorrelationSettings.MINUTE, streamTime);
        addToBucket(hours, pair, event, bucketRule, time, CorrelationSettings.HOUR, streamTime);
        if (minute == null) {
            summary = summary.withLateEvent();
        }
        // A guest's copy of a frame the bridge flooded to it (the flow is neither from nor to it) is counted where it
        // was logged, but it blocked nothing of the flow: no alert (a must-work one was a false page).
        if (event.isBlock() && !(ruleset != null && guests(ruleset).floodedCopy(event))) {
            AlertDecider.Decision decision = decider.decide(pair, event, before, minute,
                    () -> orElse(minutes.fetch(pair, Buckets.start(time, CorrelationSettings.MINUTE)),
                            PairBucket.EMPTY),
                    () -> orElse(alerts.get(pair), PairAlerts.EMPTY), this::blockedBetween, rule,
                    Instant.ofEpochMilli(streamTime));
            summary = summary.withBaseline(decision.baseline());
            if (decision.alerts() != null) {
                alerts.put(pair, decision.alerts());
            }
            decision.raised().ifPresent(alert -> context.forward(new Record<>(pair, alert, time)));
        }
        summaries.put(pair, summary);
        writtenSummaries.written(pair, summary);
    }

    /** The owners of the guests' addresses in {@code ruleset}, made again for each version compiled. */
    private GuestAddresses guests(TracerCache.Current ruleset) {
        if (ruleset != guestsOf) {
            guestsOf = ruleset;
            guests = GuestAddresses.of(ruleset.tracer().ruleset().inventory());
        }
        return guests;
    }

    /** Adds the event to its bucket and returns the bucket, or {@code null} when the bucket is closed. */
    private PairBucket addToBucket(WindowStore<PairKey, PairBucket> store, PairKey pair, FirewallEvent event,
            String rule, long time, Duration size, long streamTime) {
        long start = Buckets.start(time, size);
        if (!Buckets.open(start, size, settings.grace(), streamTime)) {
            return null;
        }
        BucketKey key = new BucketKey(size.toMillis(), pair, start);
        PairBucket bucket = orElse(writtenBuckets.get(key, () -> store.fetch(pair, start)), PairBucket.EMPTY)
                .add(event, rule);
        store.put(pair, bucket, start);
        writtenBuckets.written(key, bucket);
        return bucket;
    }

    private long blockedBetween(PairKey pair, Instant from, Instant to) {
        long blocked = 0;
        try (WindowStoreIterator<PairBucket> it = minutes.fetch(pair, from, to.minusMillis(1))) {
            while (it.hasNext()) {
                blocked += it.next().value.total().blocked();
            }
        }
        return blocked;
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
