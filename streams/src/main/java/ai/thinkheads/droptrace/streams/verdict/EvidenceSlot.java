package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the evidence store keeps for one flow and one second of event time: the counts, and the
 * first few events as their JSON bytes (written once, read only when a verdict needs them), so
 * the store's read-modify-write for every blocked event copies bytes instead of parsing JSON.
 */
public record EvidenceSlot(long drops, long rejects, List<byte[]> events) {

    public static final EvidenceSlot EMPTY = new EvidenceSlot(0, 0, List.of());

    public EvidenceSlot {
        events = List.copyOf(events);
    }

    public EvidenceSlot add(FirewallEvent event) {
        List<byte[]> kept = events;
        if (kept.size() < Verdict.MAX_EVIDENCE) {
            kept = new ArrayList<>(events);
            try {
                kept.add(Json.events().writeValueAsBytes(event));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write a firewall event as JSON", e);
            }
        }
        boolean reject = event.action() == Action.REJECT;
        return new EvidenceSlot(drops + (reject ? 0 : 1), rejects + (reject ? 1 : 0), kept);
    }

    /** The slot as evidence, its events read back. */
    public Evidence read() {
        List<FirewallEvent> read = new ArrayList<>(events.size());
        for (byte[] json : events) {
            try {
                read.add(Json.events().readValue(json, FirewallEvent.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a kept firewall event", e);
            }
        }
        return new Evidence(drops, rejects, read);
    }
}
