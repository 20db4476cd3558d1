package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.streams.correlate.Buckets;
import ai.thinkheads.droptrace.streams.ruleset.RulesetStore;
import ai.thinkheads.droptrace.streams.ruleset.TracerCache;
import ai.thinkheads.droptrace.streams.ruleset.WriterActions;
import ai.thinkheads.droptrace.streams.state.WrittenValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Turns failed probe results into verdicts (see {@link VerdictSettings} for when, and
 * {@link VerdictDecider} for what): keeps the drops and rejects of every flow as evidence, lets
 * failures wait until their window has closed in stream time (so every line of the window counts)
 * and unexplained ones until their grace ends (stream-time and wall-clock punctuations), and says
 * {@code OK} when a failed probe passes again. Forwards verdicts keyed by probe id.
 */
public final class VerdictProcessor implements Processor<PairKey, VerdictInput, String, Verdict> {

    static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    private final VerdictSettings settings;
    private ProcessorContext<String, Verdict> context;
    private WindowStore<String, Evidence> evidence;
    private KeyValueStore<PairKey, PendingProbes> pending;
    private KeyValueStore<String, LastVerdict> last;
    private WindowStore<String, String> decided;
    private TracerCache rulesets;
    private GuestAddresses guests = GuestAddresses.NONE;
    private String guestsVersion;
    private long guestsCheckedAt = Long.MIN_VALUE;
    /** The pairs of this task with waiting failures, so the punctuations look at those only. */
    private final Set<PairKey> waitingPairs = new HashSet<>();
    /** The waiting failures of the pairs read or written lately: every blocked event of such a pair looks. */
    private final WrittenValues<PairKey, PendingProbes> writtenPending = new WrittenValues<>(1024);

    public VerdictProcessor(VerdictSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, Verdict> context) {
        this.context = context;
        this.evidence = context.getStateStore(VerdictStores.EVIDENCE);
        this.pending = context.getStateStore(VerdictStores.PENDING);
        this.last = context.getStateStore(VerdictStores.LAST);
        this.decided = context.getStateStore(VerdictStores.DECIDED);
        this.rulesets = new TracerCache(context.getStateStore(RulesetStore.NAME), 0, true);
        guests = GuestAddresses.NONE;
        guestsVersion = null;
        guestsCheckedAt = Long.MIN_VALUE;
        waitingPairs.clear();
        writtenPending.clear();
        try (KeyValueIterator<PairKey, PendingProbes> it = pending.all()) {
            it.forEachRemaining(kv -> waitingPairs.add(kv.key));
        }
        context.schedule(CHECK_INTERVAL, PunctuationType.STREAM_TIME, now -> decideDue());
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> decideDue());
    }

    @Override
    public void process(Record<PairKey, VerdictInput> record) {
        PairKey pair = record.key();
        if (pair == null || record.value() == null) {
            return;
        }
        if (record.value() instanceof VerdictInput.EventSeen seen) {
            // only blocked events, and those that name no action, are routed here (events-blocked)
            FirewallEvent event = seen.event().action() != null ? seen.event() : withWriterAction(seen.event());
            if (event.isBlock()) {
                onBlocked(pair, event);
            }
        } else if (record.value() instanceof VerdictInput.ProbeSeen probe) {
            onProbe(pair, probe.result());
        }
    }

    private void onBlocked(PairKey pair, FirewallEvent event) {
        PendingProbes waiting = waitingPairs.contains(pair) ? pendingOf(pair) : null;
        if (waiting != null) {
            // Failures whose grace ended before this line are decided without it.
            waiting = decideDue(pair, waiting, null);
        }
        if (guests().floodedCopy(event)) {
            return; // another guest's firewall saw a copy of the flow's frame: no evidence for it
        }
        String flow = event.flow().encode();
        long slot = Buckets.start(event.time().toEpochMilli(), VerdictStores.SLOT);
        Evidence kept = evidence.fetch(flow, slot);
        evidence.put(flow, (kept == null ? Evidence.NONE : kept).add(LoggedLine.of(event)), slot);
        if (waiting != null && !waiting.probes().isEmpty()) {
            // Only failures of this line's flow can be explained by it now.
            decideDue(pair, waiting, event.flow());
        }
    }

    private void onProbe(PairKey pair, ProbeResult result) {
        // A failure of this pair whose grace this record ended is decided first (a recovery after it comes after it).
        decideDue(pair);
        if (result.passed()) {
            PendingProbes waiting = waitingPairs.contains(pair) ? pendingOf(pair) : null;
            PendingProbes recovering = waiting == null ? null : waiting.withPass(result);
            if (recovering != null) {
                // A failure of this probe before the pass still waits: the recovery follows its verdict.
                store(pair, recovering);
            } else {
                recover(result);
            }
            return;
        }
        if (repeated(pair, result)) {
            return; // published again (a replay run twice, a producer's retry): its verdict is said once
        }
        // Looked up now, so that the version in effect is known when a newer one comes while the failure waits.
        TracerCache.Current ruleset = tracer(result);
        if (!VerdictDecider.waitsForLog(result)) {
            emit(VerdictDecider.failure(result, Evidence.NONE, ruleset, streamTime()));
            return;
        }
        long deadline = result.time().plus(settings.window()).plus(settings.grace()).toEpochMilli();
        PendingProbes.Pending pending = new PendingProbes.Pending(result, deadline, context.currentSystemTimeMs(), null);
        if (due(pending)) {
            emit(VerdictDecider.failure(result, evidenceFor(result, true), ruleset, streamTime()));
            return;
        }
        PendingProbes waiting = waitingPairs.contains(pair) ? pendingOf(pair) : null;
        waiting = waiting == null ? new PendingProbes(List.of()) : waiting;
        if (waiting.probes().size() >= PendingProbes.MAX) {
            PendingProbes.Pending oldest = waiting.probes().get(0);
            waiting = waiting.without(List.of(oldest));
            decide(oldest, waiting.probes());
        }
        store(pair, waiting.with(pending));
    }

    /** Whether a failed result was decided already, or waits already. */
    private boolean repeated(PairKey pair, ProbeResult result) {
        if (decided.fetch(result.probeId(), result.time().toEpochMilli()) != null) {
            return true;
        }
        PendingProbes waiting = waitingPairs.contains(pair) ? pendingOf(pair) : null;
        return waiting != null && waiting.probes().stream().anyMatch(p -> p.result().probeId().equals(result.probeId())
                && p.result().time().equals(result.time()));
    }

    /**
     * Whether a failure is decided now: its grace is over in stream time, or {@code grace} of
     * wall-clock time passed since it arrived, or its window has closed in stream time and a line
     * explains it (the evidence is only counted when the cheaper conditions do not hold).
     */
    private boolean due(PendingProbes.Pending p) {
        long streamTime = context.currentStreamTimeMs();
        if (streamTime > p.deadline() || context.currentSystemTimeMs() - p.arrivedAt() >= settings.grace().toMillis()) {
            return true;
        }
        long windowEnd = p.result().time().plus(settings.window()).toEpochMilli();
        return streamTime > windowEnd && evidenceFor(p.result(), false).blocked() > 0;
    }

    /** Decides every waiting failure whose grace is over, in all pairs of this task. */
    private void decideDue() {
        for (PairKey pair : List.copyOf(waitingPairs)) {
            decideDue(pair);
        }
    }

    private void decideDue(PairKey pair) {
        if (!waitingPairs.contains(pair)) {
            return;
        }
        PendingProbes waiting = pendingOf(pair);
        if (waiting != null) {
            decideDue(pair, waiting, null);
        } else {
            waitingPairs.remove(pair);
        }
    }

    /**
     * Decides the waiting failures of a pair that are due ({@code flow}: only those of this flow,
     * when given); returns those still waiting.
     */
    private PendingProbes decideDue(PairKey pair, PendingProbes waiting, FlowKey flow) {
        List<PendingProbes.Pending> due = new ArrayList<>();
        for (PendingProbes.Pending p : waiting.probes()) {
            if ((flow == null || flow.equals(p.result().flow())) && due(p)) {
                due.add(p);
            }
        }
        if (due.isEmpty()) {
            return waiting;
        }
        List<PendingProbes.Pending> undecided = new ArrayList<>(waiting.probes());
        for (PendingProbes.Pending p : due) {
            undecided.remove(p);
            decide(p, undecided);
        }
        PendingProbes rest = waiting.without(due);
        store(pair, rest);
        return rest;
    }

    /**
     * Decides a waiting failure, then says {@code OK} for the pass that came while it waited, unless another
     * failure of the probe before that pass still waits (the pass follows that one's verdict instead).
     */
    private void decide(PendingProbes.Pending p, List<PendingProbes.Pending> undecided) {
        emit(VerdictDecider.failure(p.result(), evidenceFor(p.result(), true), tracer(p.result()),
                streamTime()));
        ProbeResult pass = p.passedAfter();
        if (pass != null && undecided.stream().noneMatch(o -> o.result().probeId().equals(pass.probeId())
                && o.result().time().isBefore(pass.time()))) {
            recover(pass);
        }
    }

    /** Says {@code OK} for a passing result when the probe's last verdict before it was a failure. */
    private void recover(ProbeResult pass) {
        LastVerdict before = last.get(pass.probeId());
        if (before != null && before.verdict() != VerdictClass.OK && before.time().isBefore(pass.time())) {
            emit(VerdictDecider.recovery(pass, before.verdict(), streamTime()));
        }
    }

    private void store(PairKey pair, PendingProbes waiting) {
        if (waiting.probes().isEmpty()) {
            pending.delete(pair);
            writtenPending.forget(pair);
            waitingPairs.remove(pair);
        } else {
            pending.put(pair, waiting);
            writtenPending.written(pair, waiting);
            waitingPairs.add(pair);
        }
    }

    private PendingProbes pendingOf(PairKey pair) {
        return writtenPending.get(pair, () -> pending.get(pair));
    }

    private boolean inWindow(ProbeResult result, Instant time) {
        return !time.isBefore(result.time().minus(settings.window())) && !time.isAfter(result.time().plus(settings.window()));
    }

    /**
     * The drops and rejects logged on the probe's flow within its window. The first and last slots
     * are read event by event (the window's edges are exact to the millisecond; a slot keeps its
     * first three events, so an edge slot with more counts those); the slots between are counted,
     * and read only while fewer than {@link Verdict#MAX_EVIDENCE} evidence events were found
     * ({@code withEvents}), so a check never parses more than a few events.
     */
    private Evidence evidenceFor(ProbeResult result, boolean withEvents) {
        FlowKey flow = result.flow();
        Instant from = result.time().minus(settings.window());
        Instant to = result.time().plus(settings.window());
        long firstSlot = Buckets.start(from.toEpochMilli(), VerdictStores.SLOT);
        long lastSlot = Buckets.start(to.toEpochMilli(), VerdictStores.SLOT);
        Evidence sum = Evidence.NONE;
        try (WindowStoreIterator<Evidence> it = evidence.fetch(flow.encode(), firstSlot, to.toEpochMilli())) {
            while (it.hasNext()) {
                var kv = it.next();
                boolean edge = kv.key == firstSlot || kv.key == lastSlot;
                if (edge || withEvents && sum.lines().size() < Verdict.MAX_EVIDENCE) {
                    Evidence read = within(kv.value, from, to);
                    sum = sum.plus(edge ? read : new Evidence(kv.value.drops(), kv.value.rejects(), read.lines()));
                } else {
                    sum = sum.plus(new Evidence(kv.value.drops(), kv.value.rejects(), List.of()));
                }
            }
        }
        return sum;
    }

    /** A slot's lines inside {@code [from, to]} (a slot is one second; the window edges are exact). */
    private static Evidence within(Evidence slot, Instant from, Instant to) {
        Evidence kept = Evidence.NONE;
        boolean all = true;
        for (LoggedLine e : slot.lines()) {
            if (e.time().isBefore(from) || e.time().isAfter(to)) {
                all = false;
            }
        }
        if (all) {
            return slot;
        }
        for (LoggedLine e : slot.lines()) {
            if (!e.time().isBefore(from) && !e.time().isAfter(to)) {
                kept = kept.add(e);
            }
        }
        return kept;
    }

    /** The owners of the guests' addresses in the current ruleset, looked up again at most once a second. */
    private GuestAddresses guests() {
        long now = context.currentSystemTimeMs();
        if (guestsCheckedAt == Long.MIN_VALUE || now - guestsCheckedAt >= 1_000) {
            guestsCheckedAt = now;
            TracerCache.Current current = rulesets.current(now, false);
            String version = current == null ? null : current.version();
            if (!java.util.Objects.equals(version, guestsVersion)) {
                guestsVersion = version;
                guests = current == null ? GuestAddresses.NONE : GuestAddresses.of(current.tracer().ruleset().inventory());
            }
        }
        return guests;
    }

    /**
     * A line that names no action (a security group's rule writes none) with the action of the rule that wrote it, by
     * the ruleset in effect at its time; as it is when that ruleset names no writer.
     */
    private FirewallEvent withWriterAction(FirewallEvent event) {
        TracerCache.Current ruleset = rulesets.at(event.time(), context.currentSystemTimeMs());
        return ruleset == null ? event : WriterActions.of(event, ruleset.tracer().attribute(event));
    }

    /** The ruleset in effect when the probe ran: a fix published while its failure waited does not decide it. */
    private TracerCache.Current tracer(ProbeResult result) {
        return rulesets.at(result.time(), context.currentSystemTimeMs());
    }

    private Instant streamTime() {
        return Instant.ofEpochMilli(context.currentStreamTimeMs());
    }

    private void emit(Verdict verdict) {
        if (verdict.verdict() != VerdictClass.OK) {
            decided.put(verdict.probe().probeId(), verdict.verdict().name(), verdict.time().toEpochMilli());
        }
        LastVerdict before = last.get(verdict.probe().probeId());
        if (before == null || !before.time().isAfter(verdict.time())) {
            last.put(verdict.probe().probeId(), new LastVerdict(verdict.verdict(), verdict.time()));
        }
        context.forward(new Record<>(verdict.probe().probeId(), verdict, verdict.time().toEpochMilli()));
    }
}
