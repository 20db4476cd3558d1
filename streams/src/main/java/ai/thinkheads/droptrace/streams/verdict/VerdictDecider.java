package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.firewall.trace.TraceRequest;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;
import ai.thinkheads.droptrace.streams.ruleset.TracerCache;
import java.time.Instant;

/**
 * Decides a verdict from the three kinds of evidence: the probe's outcome, the drops and rejects
 * logged on its flow around its time, and the rule tracer's decision for its packet. A pure
 * function: no store, clock or Kafka.
 *
 * <p>The network failures (no answer, refused, unreachable) are decided as follows, where "log"
 * is what was logged on the flow and "ruleset" the tracer's action for the probe's packet:
 *
 * <table>
 *   <tr><th>log</th><th>ruleset</th><th>outcome</th><th>verdict</th></tr>
 *   <tr><td>drops</td><td>DROP/REJECT</td><td>any</td><td>BLOCKED_LOGGED (HIGH when the actions agree)</td></tr>
 *   <tr><td>only rejects</td><td>DROP/REJECT</td><td>any</td><td>REJECTED</td></tr>
 *   <tr><td>drops or rejects</td><td>ACCEPT</td><td>any</td><td>CONFLICTING_EVIDENCE</td></tr>
 *   <tr><td>nothing</td><td>DROP</td><td>no answer, unreachable</td><td>BLOCKED_PREDICTED</td></tr>
 *   <tr><td>nothing</td><td>DROP</td><td>refused</td><td>CONFLICTING_EVIDENCE (a drop never answers)</td></tr>
 *   <tr><td>nothing</td><td>REJECT</td><td>refused</td><td>REJECTED</td></tr>
 *   <tr><td>nothing</td><td>REJECT</td><td>unreachable</td><td>REJECTED (MEDIUM: not the answer pve-firewall's reject gives)</td></tr>
 *   <tr><td>nothing</td><td>REJECT</td><td>no answer</td><td>CONFLICTING_EVIDENCE</td></tr>
 *   <tr><td>nothing</td><td>ACCEPT</td><td>refused</td><td>SERVICE_DOWN</td></tr>
 *   <tr><td>nothing</td><td>ACCEPT</td><td>no answer, unreachable</td><td>NOT_FIREWALL</td></tr>
 *   <tr><td>drops or rejects</td><td>no ruleset</td><td>any</td><td>BLOCKED_LOGGED / REJECTED (MEDIUM)</td></tr>
 *   <tr><td>nothing</td><td>no ruleset</td><td>refused / other</td><td>SERVICE_DOWN / UNDETERMINED (LOW)</td></tr>
 * </table>
 *
 * TLS failures, wrong answers and probe errors are decided from the outcome alone: the connection
 * worked, so the firewall let it through.
 */
public final class VerdictDecider {

    private VerdictDecider() {
    }

    /** The verdict on a failed probe. */
    public static Verdict failure(ProbeResult r, Evidence log, TracerCache.Current ruleset, Instant decidedAt) {
        ProbeOutcome.Category category = r.outcome().category();
        return switch (category) {
            case TLS -> outcomeOnly(r, tlsClass(r.outcome()), decidedAt, ruleset);
            case APPLICATION -> outcomeOnly(r, VerdictClass.SERVICE_ERROR, decidedAt, ruleset);
            case PROBE_ERROR -> outcomeOnly(r, VerdictClass.PROBE_ERROR, decidedAt, ruleset);
            case SUCCESS -> unexpectedlyOpen(r) ? open(r, ruleset, decidedAt)
                    : outcomeOnly(r, VerdictClass.SERVICE_ERROR, decidedAt, ruleset);
            case SILENT, REFUSED, UNREACHABLE -> mustStayClosed(r, network(r, log, ruleset, decidedAt));
        };
    }

    /**
     * A network failure of a probe whose path must be blocked ({@code expect: [TIMEOUT]}, got REFUSED): the verdict
     * says what happened as for any probe, but its change never opens the path, and its reason says what the probe
     * expects; where the ruleset lets the packet through, that it must not. Before, a must-be-blocked probe answered
     * with a refusal that a REJECT rule gave was REJECTED with the fix "add ACCEPT": advice to open a closed path.
     */
    static Verdict mustStayClosed(ProbeResult r, Verdict v) {
        String expects = r.expectsBlocked();
        if (expects == null) {
            return v;
        }
        String reason = v.reason() + "; the probe expects its path blocked (" + expects + ")";
        if (v.rule() != null && v.rule().action() == Action.ACCEPT) {
            reason += ", but the ruleset lets the packet through (" + v.rule().description() + "): change that if the "
                    + "path must stay closed";
        } else {
            reason += " and got " + r.outcome() + ": no change to open the path is proposed";
        }
        return new Verdict(v.schema(), v.id(), v.verdict(), v.confidence(), v.time(), v.decidedAt(), v.probe(),
                v.summary(), reason, v.evidence(), v.drops(), v.rejects(), v.rule(), v.suggestion(), null,
                v.rulesetVersion());
    }

    /** The verdict that a probe which had failed works again. */
    public static Verdict recovery(ProbeResult r, VerdictClass before, Instant decidedAt) {
        String summary = r.probeId() + ": works again (" + r.outcome() + ") after " + before;
        return new Verdict(Verdict.SCHEMA_VERSION, Verdict.idOf(r.probeId(), r.time()), VerdictClass.OK,
                Confidence.HIGH, r.time(), decidedAt, Verdict.Probe.of(r), summary,
                "the probe passed after a verdict of " + before, null, 0, 0, null, null, null, null);
    }

    /** Whether the outcome of a failed probe is a network failure that log lines may explain. */
    public static boolean waitsForLog(ProbeResult r) {
        ProbeOutcome.Category c = r.outcome().category();
        return r.destination() != null
                && (c == ProbeOutcome.Category.SILENT || c == ProbeOutcome.Category.REFUSED
                        || c == ProbeOutcome.Category.UNREACHABLE);
    }

    /**
     * Whether a failed probe connected where it expected a blocked path ({@code expect: [TIMEOUT]}): a tcp or udp probe
     * fails on its success outcome only so. A failed success of another kind is an answer it did not expect.
     */
    static boolean unexpectedlyOpen(ProbeResult r) {
        return r.destination() != null && r.outcome().category() == ProbeOutcome.Category.SUCCESS
                && (r.kind() == ProbeKind.TCP || r.kind() == ProbeKind.UDP);
    }

    /** A path that must be blocked is open: the firewall let it through, by the rule the verdict names. */
    private static Verdict open(ProbeResult r, TracerCache.Current ruleset, Instant decidedAt) {
        Trace trace = trace(r, ruleset);
        TraceResult t = trace.result();
        String reason = "the path is open (" + r.outcome() + "), but the probe expects it blocked; ";
        if (t == null) {
            reason += trace.why();
        } else if (t.action() == Action.ACCEPT) {
            reason += "the ruleset lets the packet through (" + t.decidedBy().describe() + "): change that if the path "
                    + "must stay closed";
        } else {
            reason += "the ruleset " + verb(t.action()) + " the packet (" + t.decidedBy().describe() + "), yet it got "
                    + "through: the firewall running may not be this configuration";
        }
        VerdictRule rule = t == null ? null : RuleEvidence.of(t.decidedBy(), t.logged());
        return verdict(r, VerdictClass.SERVICE_ERROR, Confidence.HIGH, decidedAt, reason, Evidence.NONE, rule, null, null,
                ruleset);
    }

    private static VerdictClass tlsClass(ProbeOutcome outcome) {
        return switch (outcome) {
            case UNTRUSTED, INCOMPLETE_CHAIN -> VerdictClass.TLS_UNTRUSTED;
            case HOSTNAME_MISMATCH -> VerdictClass.TLS_HOSTNAME_MISMATCH;
            case EXPIRED, NOT_YET_VALID -> VerdictClass.TLS_EXPIRED;
            default -> VerdictClass.SERVICE_ERROR;
        };
    }

    private static Verdict outcomeOnly(ProbeResult r, VerdictClass verdict, Instant decidedAt,
            TracerCache.Current ruleset) {
        String reason = switch (verdict) {
            case PROBE_ERROR -> "the probe could not run, so it says nothing about the path";
            case SERVICE_ERROR -> switch (r.outcome().category()) {
                case SUCCESS -> "the path works, but the probe expected another outcome than " + r.outcome();
                case TLS -> "the TCP connection was made, so the firewall let it through; the TLS handshake "
                        + (r.outcome() == ProbeOutcome.HANDSHAKE_TIMEOUT ? "got no answer" : "failed");
                default -> "the connection worked, so the firewall let it through; the service answered wrongly";
            };
            default -> "the TLS handshake took place, so the firewall let the connection through; the "
                    + "certificate is the problem";
        };
        return verdict(r, verdict, Confidence.HIGH, decidedAt, reason, Evidence.NONE, null, null, null, ruleset);
    }

    private static Verdict network(ProbeResult r, Evidence log, TracerCache.Current ruleset, Instant decidedAt) {
        Trace trace = trace(r, ruleset);
        TraceResult t = trace.result();
        boolean refused = r.outcome().category() == ProbeOutcome.Category.REFUSED;
        if (log.blocked() > 0) {
            Action logged = log.loggedAction();
            VerdictClass cls = logged == Action.REJECT ? VerdictClass.REJECTED : VerdictClass.BLOCKED_LOGGED;
            if (t == null) {
                return verdict(r, cls, Confidence.MEDIUM, decidedAt, logText(log) + "; " + trace.why(), log,
                        null, null, null, ruleset);
            }
            if (t.action() == Action.ACCEPT) {
                return verdict(r, VerdictClass.CONFLICTING_EVIDENCE, Confidence.LOW, decidedAt, logText(log)
                        + ", but the ruleset accepts the packet (" + t.decidedBy().describe() + "): the configuration "
                        + "may have changed since, or the line came from another node", log,
                        RuleEvidence.of(t.decidedBy(), t.logged()), null, null, ruleset);
            }
            VerdictRule rule = RuleEvidence.of(t.decidedBy(), t.logged());
            String elsewhere = loggedElsewhere(log, rule);
            Confidence confidence = t.action() == logged && elsewhere == null ? Confidence.HIGH : Confidence.MEDIUM;
            String why;
            if (elsewhere != null) {
                why = logText(log) + " and the ruleset " + verb(t.action()) + " the packet, but the lines were logged by "
                        + elsewhere + ", not by " + rule.chain() + " where the ruleset " + verb(t.action()) + " it: the "
                        + "packet got past that chain, so the firewall running may not be this configuration";
            } else if (t.action() != logged) {
                why = logText(log) + ", but the ruleset " + verb(t.action()) + " the packet: the firewall running may not "
                        + "be this configuration";
            } else {
                why = logText(log) + " and the ruleset " + verb(t.action()) + " the packet too";
            }
            return verdict(r, cls, confidence, decidedAt, why, log, rule, null, t.fix(), ruleset, elsewhere);
        }
        if (t == null) {
            VerdictClass cls = refused ? VerdictClass.SERVICE_DOWN : VerdictClass.UNDETERMINED;
            return verdict(r, cls, Confidence.LOW, decidedAt, "nothing was logged on the flow; " + trace.why(), log,
                    null, null, null, ruleset);
        }
        VerdictRule rule = RuleEvidence.of(t.decidedBy(), t.logged());
        switch (t.action()) {
            case DROP -> {
                if (refused) {
                    return verdict(r, VerdictClass.CONFLICTING_EVIDENCE, Confidence.LOW, decidedAt, "the connection "
                            + "was refused, but the ruleset drops the packet and a drop never answers", log, rule,
                            null, null, ruleset);
                }
                Confidence confidence = t.logged() ? Confidence.MEDIUM : Confidence.HIGH;
                String why = t.logged() ? "nothing was logged although the ruleset logs this drop (rate limit, or a "
                        + "log line still on its way); the ruleset drops the packet"
                        : "nothing was logged and none would be (" + t.notLoggedBecause() + "); the ruleset drops the packet";
                return verdict(r, VerdictClass.BLOCKED_PREDICTED, confidence, decidedAt, why, log, rule,
                        t.logged() ? null : t.suggestion(), t.fix(), ruleset);
            }
            case REJECT -> {
                if (!refused && r.outcome().category() == ProbeOutcome.Category.SILENT) {
                    return verdict(r, VerdictClass.CONFLICTING_EVIDENCE, Confidence.LOW, decidedAt, "no answer came, "
                            + "but the ruleset rejects the packet and a reject answers", log, rule, null, null, ruleset);
                }
                // pve-firewall's reject (PVEFW-reject) answers TCP with a reset and UDP with a port unreachable, both a
                // refusal to a probe: an unreachable answer (host or admin prohibited) is not the one it sends
                String why = refused ? "the connection was refused and the ruleset rejects the packet"
                        : "the packet was answered as unreachable and the ruleset rejects the packet, but pve-firewall "
                                + "rejects TCP with a reset and UDP with a port unreachable, which a probe sees as refused: "
                                + "the unreachable answer may have come from elsewhere (a router, the guest's own firewall)";
                return verdict(r, VerdictClass.REJECTED, t.logged() || !refused ? Confidence.MEDIUM : Confidence.HIGH,
                        decidedAt, why, log, rule, t.logged() ? null : t.suggestion(), t.fix(), ruleset);
            }
            default -> {
                VerdictClass cls = refused ? VerdictClass.SERVICE_DOWN : VerdictClass.NOT_FIREWALL;
                String accepts = t.decidedBy() instanceof Decider.NoFirewall none
                        ? "no pve-firewall chain is on the path (" + none.reason() + ")" : "the ruleset accepts the packet";
                String why = refused ? accepts + " and the connection was refused: nothing listens on the port"
                        : accepts + " and nothing was logged: look at the service, routing, or the guest's own firewall";
                return verdict(r, cls, Confidence.MEDIUM, decidedAt, why, log, rule, null, null, ruleset);
            }
        }
    }

    private record Trace(TraceResult result, String why) {
    }

    private static Trace trace(ProbeResult r, TracerCache.Current ruleset) {
        if (ruleset == null) {
            return new Trace(null, "no ruleset was published to trace the packet with");
        }
        TraceRequest request = TraceRequest.flow(r.source(), r.destination(), r.protocol(), r.port() > 0 ? r.port() : null);
        if (r.source() == null && r.fromVmid() != null) {
            // run in a guest the probe configuration gives no address: its packets leave that guest, whose address the
            // tracer takes from the guest's configuration (the guest's real type wins over the zone's vm/ct word)
            request = request.withZones(new Zone.Guest(r.fromVmid(), false, null), null);
        }
        try {
            return new Trace(ruleset.tracer().trace(request), null);
        } catch (RuntimeException e) {
            return new Trace(null, "the tracer cannot trace the probe's packet: " + e.getMessage());
        }
    }

    /**
     * The chain that logged the evidence when it is not where the ruleset decides the packet (a drop logged by the host's
     * INPUT chain while the ruleset drops the packet in the sender's OUT chain: in the kernel the packet got past that
     * one); {@code null} when a line was logged there, or no line's chain says where (a security group, evidence
     * kept by an earlier version).
     */
    private static String loggedElsewhere(Evidence log, VerdictRule rule) {
        String decides = ChainPlace.of(rule.chain());
        if (decides == null) {
            return null;
        }
        String other = null;
        for (LoggedLine l : log.lines()) {
            String place = ChainPlace.of(l.chain());
            if (place == null) {
                continue;
            }
            if (place.equals(decides)) {
                return null;
            }
            other = other == null ? l.chain() : other;
        }
        return other;
    }

    private static String logText(Evidence log) {
        return log.drops() + " drop" + (log.drops() == 1 ? "" : "s") + " and " + log.rejects() + " reject"
                + (log.rejects() == 1 ? "" : "s") + " were logged on the flow";
    }

    private static String verb(Action action) {
        return action == Action.REJECT ? "rejects" : "drops";
    }

    private static Verdict verdict(ProbeResult r, VerdictClass cls, Confidence confidence, Instant decidedAt,
            String reason, Evidence log, VerdictRule rule, Suggestion suggestion,
            Suggestion fix, TracerCache.Current ruleset) {
        return verdict(r, cls, confidence, decidedAt, reason, log, rule, suggestion, fix, ruleset, null);
    }

    /** @param loggedBy the chain that logged the evidence when it is not the rule's, else {@code null} */
    private static Verdict verdict(ProbeResult r, VerdictClass cls, Confidence confidence, Instant decidedAt,
            String reason, Evidence log, VerdictRule rule, Suggestion suggestion,
            Suggestion fix, TracerCache.Current ruleset, String loggedBy) {
        return new Verdict(Verdict.SCHEMA_VERSION, Verdict.idOf(r.probeId(), r.time()), cls, confidence, r.time(),
                decidedAt, Verdict.Probe.of(r), VerdictText.summary(r, cls, rule, ruleset != null, loggedBy), reason,
                log.lines().stream().map(LoggedLine::line).toList(), log.drops(), log.rejects(), rule, suggestion,
                fix, ruleset == null ? null : ruleset.version());
    }
}
