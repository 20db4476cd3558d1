package ai.thinkheads.droptrace.core.verdict;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a failed probe comes down to (or that it recovered), on {@code verdicts} keyed by probe id.
 *
 * @param schema version of this JSON shape; readers accept any version they know fields of
 * @param id stable id {@code probeId|probeTimeMillis}: the same input gives the same id
 * @param time the probe's time (its start)
 * @param decidedAt the event time (stream time) at which it was decided
 * @param probe the probe and what it saw
 * @param reason why this class and this confidence, in a sentence or two
 * @param evidence the matching log lines, at most {@link #MAX_EVIDENCE}, oldest first
 * @param drops matching drops logged in the window
 * @param rejects matching rejects logged in the window
 * @param rule the rule, policy or built-in rule that decides the probe's packet (or wrote the line)
 * @param suggestion how to make pve-firewall log a silent drop, when it is not logged
 * @param fix the rule a user would add to let the packet through ({@code .fw} syntax), for a block
 * @param rulesetVersion the version of the ruleset the tracer used, {@code null} without one
 * @param summary one plain sentence for a human
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(
        int schema,
        String id,
        VerdictClass verdict,
        Confidence confidence,
        Instant time,
        Instant decidedAt,
        Probe probe,
        String summary,
        String reason,
        List<String> evidence,
        long drops,
        long rejects,
        VerdictRule rule,
        Suggestion suggestion,
        Suggestion fix,
        String rulesetVersion) {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_EVIDENCE = 3;

    public Verdict {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (evidence.size() > MAX_EVIDENCE) {
            throw new IllegalArgumentException("a verdict carries at most " + MAX_EVIDENCE + " evidence lines");
        }
        if (drops < 0 || rejects < 0) {
            throw new IllegalArgumentException("verdict counts must not be negative");
        }
    }

    /** The stable id of the verdict on the result of {@code probeId} at {@code time}. */
    public static String idOf(String probeId, Instant time) {
        return probeId + '|' + time.toEpochMilli();
    }

    /** The probe a verdict is about, as it ran. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probe(String probeId, ProbeKind kind, String from, String to, String source, String destination,
            String protocol, int port, ProbeOutcome outcome, String explanation) {

        public Probe {
            Objects.requireNonNull(probeId, "probeId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(outcome, "outcome");
        }

        public static Probe of(ProbeResult r) {
            return new Probe(r.probeId(), r.kind(), r.from(), r.to(), r.source(), r.destination(), r.protocol(),
                    r.port(), r.outcome(), r.explanation());
        }

        /**
         * {@code tcp 10.0.0.153 -> 10.0.0.12:8443}; an IPv6 destination with a port in brackets
         * ({@code tcp fd00:10::153 -> [fd00:10::12]:8443}), as {@code trace} writes it: {@code fd00:10::12:8443}
         * is an address of its own.
         */
        public String flow() {
            return (protocol == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : protocol) + " "
                    + (source == null ? "?" : source) + " -> " + IpAddress.withPort(destination, port > 0 ? port : null);
        }
    }
}
