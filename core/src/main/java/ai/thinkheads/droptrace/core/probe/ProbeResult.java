package ai.thinkheads.droptrace.core.probe;

import ai.thinkheads.droptrace.core.flow.FlowKey;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The result of running one probe once, as published to {@code probe-results} keyed by
 * {@link #flow()}.
 *
 * @param time when the probe started (event time of the result)
 * @param from the guest name the probe ran from, or {@code local}
 * @param fromVmid the vmid of {@code from}, {@code null} for local
 * @param to the target as configured (guest name or address)
 * @param source the address the packets left from ({@code from}'s address), {@code null} if unknown
 * @param destination the address probed, {@code null} for probes without one (exec, file)
 * @param protocol {@code tcp} or {@code udp}; {@code null} without a destination
 * @param port destination port, 0 without one
 * @param passed whether the outcome met the probe's expectations
 * @param connectMillis time to connect (tcp, tls, http), {@code null} when not connected
 * @param explanation one plain sentence on what happened
 * @param facts observed facts as key/values for display and evidence ({@code tls.subject}, {@code http.status}),
 *     sorted by key
 * @param tls typed TLS details (tls probes, https), {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeResult(
        int schema,
        String probeId,
        ProbeKind kind,
        Instant time,
        String from,
        Integer fromVmid,
        String to,
        String source,
        String destination,
        String protocol,
        int port,
        ProbeOutcome outcome,
        boolean passed,
        Long connectMillis,
        long durationMillis,
        String explanation,
        Map<String, String> facts,
        TlsDetails tls) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * The fact a probe whose path must be blocked carries (its expected outcomes, all of them "no connection": a
     * timeout, unreachable, refused), {@code TIMEOUT} or {@code TIMEOUT,REFUSED}: a failure of such a probe is never
     * met with a change that opens the path.
     */
    public static final String EXPECT_FACT = "probe.expect";

    /** The categories of "no connection": a probe that expects only these must find its path blocked. */
    public static final java.util.Set<ProbeOutcome.Category> BLOCKED_CATEGORIES = java.util.EnumSet.of(
            ProbeOutcome.Category.SILENT, ProbeOutcome.Category.UNREACHABLE, ProbeOutcome.Category.REFUSED);

    public ProbeResult {
        Objects.requireNonNull(probeId, "probeId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
        // sorted by key: Map.copyOf iterates in an order that varies from JVM to JVM, so the JSON of one result (printed,
        // in the results file, in the correlator's state) had its facts in another order at every run
        facts = facts == null || facts.isEmpty() ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(facts)));
    }

    /** The original (schema 1) shape without typed details; kept so existing callers compile. */
    public ProbeResult(int schema, String probeId, ProbeKind kind, Instant time, String from, Integer fromVmid,
            String to, String source, String destination, String protocol, int port, ProbeOutcome outcome,
            boolean passed, Long connectMillis, long durationMillis, String explanation, Map<String, String> facts) {
        this(schema, probeId, kind, time, from, fromVmid, to, source, destination, protocol, port, outcome, passed,
                connectMillis, durationMillis, explanation, facts, null);
    }

    /** The flow this result is keyed by; probes without a destination are keyed by their id. */
    @JsonIgnore
    public FlowKey flow() {
        return new FlowKey(source == null ? FlowKey.UNKNOWN : source,
                destination == null ? probeId : destination,
                protocol == null ? kind.name() : protocol, port);
    }

    /** What the probe expected when its path must be blocked ({@link #EXPECT_FACT}), else {@code null}. */
    @JsonIgnore
    public String expectsBlocked() {
        return facts.get(EXPECT_FACT);
    }
}
