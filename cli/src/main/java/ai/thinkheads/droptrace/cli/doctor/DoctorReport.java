package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.probe.TlsDetails;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The diagnosis of one {@code droptrace doctor} run: one check per probe (what the probe saw, the
 * correlator's verdict, the rule, one line of evidence, the change to make, and what the static
 * tracer says) and the answers to the Phoenix plan's two hypotheses. Built by a pure function from
 * the probe results, the verdicts read back from Kafka and the tracer's answers; the JSON form is
 * this record as it is.
 *
 * @param namespace the topic namespace of the run
 * @param rulesetVersion the version of the published firewall configuration
 * @param configSource where the firewall configuration was read from
 * @param log the firewall log followed during the run, {@code null} without one
 * @param logLines lines read from the log during the run
 * @param checks one per probe, in the order of the probe configuration
 * @param summary the answers
 */
public record DoctorReport(String namespace, String rulesetVersion, String configSource, String log, long logLines,
        List<Check> checks, Summary summary) {

    /** The verdict a check that passed shows. */
    public static final String OK = "OK";
    /** The verdict a failed check shows when the correlator decided nothing in time. */
    public static final String NO_VERDICT = "NO_VERDICT";

    public DoctorReport {
        Objects.requireNonNull(namespace, "namespace");
        checks = List.copyOf(checks);
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * One probe's diagnosis.
     *
     * @param verdict a {@link VerdictClass} name, {@link #OK} for a check that passed, or {@link #NO_VERDICT}
     * @param rule the deciding rule or policy as {@code file:line} (the verdict's, else the tracer's), or null
     * @param evidence one line: the first log line that proves it, or what the probe saw
     * @param change the change to make, in one line, or null when there is nothing to change
     * @param logIt for a drop pve-firewall does not log: the change that makes it log it, or null
     * @param tracer the static answer ({@code rules verify}) for the probe's path, null without a network path
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(String id, String kind, String from, String to, String source, String destination,
            String protocol, int port, String outcome, boolean passed, String verdict, String confidence, Rule rule,
            String evidence, String change, String logIt, String explanation, String summary, Tracer tracer) {

        public Check {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(verdict, "verdict");
        }

        /** {@code nginx-phoenix -> traefik-internal:8443}, or the probe kind alone without a destination. */
        public String path() {
            if (destination == null) {
                return (from == null ? "local" : from) + " (" + kind + ")";
            }
            return (from == null ? "local" : from) + " -> " + (to == null ? destination : to) + (port > 0 ? ":" + port : "");
        }

        boolean firewallBlocks() {
            return verdict.equals(VerdictClass.BLOCKED_LOGGED.name()) || verdict.equals(VerdictClass.BLOCKED_PREDICTED.name())
                    || verdict.equals(VerdictClass.REJECTED.name());
        }

        /** The check got no diagnosis: the probe could not run, or the correlator decided nothing. */
        boolean undiagnosed() {
            return verdict.equals(VerdictClass.PROBE_ERROR.name()) || verdict.equals(NO_VERDICT)
                    || verdict.equals(VerdictClass.UNDETERMINED.name());
        }

        boolean trustBroken() {
            return verdict.equals(VerdictClass.TLS_UNTRUSTED.name()) || verdict.equals(VerdictClass.TLS_EXPIRED.name())
                    || verdict.equals(VerdictClass.TLS_HOSTNAME_MISMATCH.name());
        }
    }

    /** The rule or policy a check names: {@code location} is {@code firewall/102.fw:5}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(String location, String kind, String file, Integer line, String text, String action) {
        public Rule {
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * What the rule tracer says about a probe's path without sending a packet; {@code note} says why there is no
     * action when the path could not be traced (a loopback target, addresses of two IP versions).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tracer(String action, String decidedBy, String location, String note) {
    }

    /**
     * The plan's two hypotheses answered.
     *
     * @param trustBroken whether a TLS check failed on trust (untrusted, expired, wrong name)
     * @param trustTested whether any check got as far as a TLS handshake
     * @param firewallBlocking whether the firewall blocked (dropped or rejected) any check
     * @param firewallTested whether any check got a diagnosis (not every probe failed to run or went undecided)
     */
    public record Summary(int checks, int passed, int failed, boolean trustBroken, boolean trustTested,
            boolean firewallBlocking, boolean firewallTested, Answer trust, Answer firewall) {
    }

    /** One hypothesis: the question, the answer in a word ({@code yes}, {@code no}, {@code not tested}), the evidence. */
    public record Answer(String question, String answer, List<String> evidence) {
        public Answer {
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * The report of a run: {@code results} in probe order, the verdicts by probe id (for the failed
     * ones the correlator decided), the tracer's answers by probe id.
     */
    public static DoctorReport of(String namespace, String rulesetVersion, String configSource, String log, long logLines,
            List<ProbeResult> results, Map<String, Verdict> verdicts, Map<String, PathVerdict> tracer) {
        List<Check> checks = new ArrayList<>();
        Map<String, Long> loggedAgainst = new HashMap<>();
        for (ProbeResult r : results) {
            Verdict v = r.passed() ? null : verdicts.get(r.probeId());
            checks.add(CheckBuilder.check(r, v, tracer.get(r.probeId())));
            if (v != null && v.verdict() == VerdictClass.CONFLICTING_EVIDENCE && v.drops() + v.rejects() > 0) {
                loggedAgainst.put(r.probeId(), v.drops() + v.rejects());
            }
        }
        return new DoctorReport(namespace, rulesetVersion, configSource, log, logLines, checks,
                summarize(checks, results, loggedAgainst));
    }

    /** {@code portainer.internal.thinkheads.ai:9443 presents a certificate issued by 'X', not trusted by anchor 'Y'}. */
    private static String trustProblem(ProbeResult r, Check c) {
        TlsDetails tls = r.tls();
        if (tls == null || tls.chain().isEmpty()) {
            return c.explanation() == null ? c.outcome() : c.explanation();
        }
        String server = (tls.serverName() == null ? r.destination() : tls.serverName()) + ":" + r.port();
        String issuer = tls.chain().get(0).issuer();
        String anchor = tls.anchor() == null ? "the trust anchor" : "trust anchor '" + tls.anchor() + "'";
        return switch (c.verdict()) {
            case "TLS_EXPIRED" -> server + " presents a certificate outside its validity (" + tls.chain().get(0).notAfter()
                    + ")";
            case "TLS_HOSTNAME_MISMATCH" -> server + " presents a certificate that does not name " + tls.serverName();
            default -> server + " presents a certificate issued by '" + issuer + "', which " + anchor + " does not vouch for";
        };
    }

    /**
     * @param loggedAgainst the checks whose verdict is {@code CONFLICTING_EVIDENCE} with drops or rejects logged on
     *     their flow, and how many: the running firewall blocked them although the configuration accepts them
     */
    static Summary summarize(List<Check> checks, List<ProbeResult> results, Map<String, Long> loggedAgainst) {
        int passed = (int) checks.stream().filter(Check::passed).count();
        List<String> blocked = new ArrayList<>();
        for (Check c : checks) {
            if (c.firewallBlocks()) {
                blocked.add(c.id() + " " + c.verdict() + (c.rule() == null ? "" : " " + c.rule().location()));
            } else if (loggedAgainst.containsKey(c.id())) {
                long lines = loggedAgainst.get(c.id());
                blocked.add(c.id() + " " + c.verdict() + ": " + lines + (lines == 1 ? " drop or reject" : " drops or rejects")
                        + " logged on its flow, though the configuration accepts it"
                        + (c.rule() == null ? "" : " (" + c.rule().location() + ")")
                        + ": the firewall running is not this configuration");
            }
        }
        List<String> untrusted = new ArrayList<>();
        List<String> handshakes = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Check c = checks.get(i);
            if (c.trustBroken()) {
                untrusted.add(c.id() + " " + c.verdict() + " (" + c.outcome() + "): " + trustProblem(results.get(i), c));
            }
            if (c.passed() && completedHandshake(results.get(i))) {
                handshakes.add(c.id());
            }
        }
        boolean trustTested = !handshakes.isEmpty() || !untrusted.isEmpty();
        Answer trust = !untrusted.isEmpty() ? new Answer("Is the chain of trust broken?", "yes", untrusted)
                : trustTested ? new Answer("Is the chain of trust broken?", "no",
                        List.of("TLS verified by " + String.join(", ", handshakes)))
                : new Answer("Is the chain of trust broken?", "not tested",
                        List.of("no check completed a TLS handshake"));
        List<String> undiagnosed = checks.stream().filter(Check::undiagnosed).map(c -> c.id() + " " + c.verdict())
                .toList();
        boolean firewallTested = !blocked.isEmpty() || undiagnosed.size() < checks.size();
        return new Summary(checks.size(), passed, checks.size() - passed, !untrusted.isEmpty(), trustTested,
                !blocked.isEmpty(), firewallTested, trust, firewall(checks, blocked, undiagnosed, firewallTested));
    }

    /**
     * Whether the probe went through a TLS handshake: a tls probe, or https fetched here (both with typed TLS
     * details) or by curl inside a guest, which leaves only its {@code tls.*} facts.
     */
    private static boolean completedHandshake(ProbeResult r) {
        return r.tls() != null || r.facts().keySet().stream().anyMatch(k -> k.startsWith("tls."));
    }

    /** Blocked when a check was dropped or rejected; not blocked only as far as the checks got a diagnosis. */
    private static Answer firewall(List<Check> checks, List<String> blocked, List<String> undiagnosed, boolean tested) {
        String question = "Is the firewall blocking?";
        if (!blocked.isEmpty()) {
            return new Answer(question, "yes", blocked);
        }
        if (!tested) {
            return new Answer(question, "not tested", List.of("no check got a diagnosis"
                    + (undiagnosed.isEmpty() ? "" : ": " + String.join(", ", undiagnosed))));
        }
        List<String> open = checks.stream().filter(c -> !c.firewallBlocks() && !c.undiagnosed() && c.tracer() != null
                && "ACCEPT".equals(c.tracer().action())).map(Check::id).toList();
        List<String> evidence = new ArrayList<>();
        evidence.add(open.isEmpty() ? "no check was dropped or rejected"
                : "no check was dropped or rejected; the ruleset accepts " + String.join(", ", open));
        if (!undiagnosed.isEmpty()) {
            evidence.add("not tested: " + String.join(", ", undiagnosed));
        }
        return new Answer(question, "no", evidence);
    }
}
