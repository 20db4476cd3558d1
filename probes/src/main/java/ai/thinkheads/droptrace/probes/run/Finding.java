package ai.thinkheads.droptrace.probes.run;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.TlsDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one probe kind found, before the expectations and the flow are added: the outcome, one
 * plain sentence, the connect time (when a connection was made or tried) and the observed facts.
 */
public record Finding(ProbeOutcome outcome, String explanation, Long connectMillis, Map<String, String> facts,
        TlsDetails tls) {

    public Finding {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(explanation, "explanation");
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public static Finding of(ProbeOutcome outcome, String explanation) {
        return new Finding(outcome, explanation, null, Map.of(), null);
    }

    public Finding withConnectMillis(Long millis) {
        return new Finding(outcome, explanation, millis, facts, tls);
    }

    public Finding withFact(String key, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(facts);
        more.put(key, value.toString());
        return new Finding(outcome, explanation, connectMillis, more, tls);
    }

    public Finding withFacts(Map<String, String> extra) {
        Map<String, String> more = new LinkedHashMap<>(facts);
        more.putAll(extra);
        return new Finding(outcome, explanation, connectMillis, more, tls);
    }

    public Finding withTls(TlsDetails details) {
        return new Finding(outcome, explanation, connectMillis, facts, details);
    }

    public Finding withOutcome(ProbeOutcome other, String otherExplanation) {
        return new Finding(other, otherExplanation, connectMillis, facts, tls);
    }
}
