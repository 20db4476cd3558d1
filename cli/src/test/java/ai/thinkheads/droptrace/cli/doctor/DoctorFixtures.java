package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.intent.MustWorkPath;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.probe.TlsDetails;
import ai.thinkheads.droptrace.core.verdict.Confidence;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.core.verdict.VerdictClass;
import ai.thinkheads.droptrace.core.verdict.VerdictRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Probe results, verdicts and tracer answers shaped like the lab's, for the doctor's pure tests. */
final class DoctorFixtures {

    static final Instant T = Instant.parse("2026-11-26T06:00:00Z");
    static final String F1_LINE = "102 6 veth102i0-IN 26/Nov/2026:06:00:00 +0000 policy DROP: IN=fwbr102i0 OUT=fwbr102i0 "
            + "PHYSIN=fwln102i0 PHYSOUT=veth102i0 MAC=bc:24:11:00:01:02:bc:24:11:00:01:01:08:00 SRC=10.0.0.153 "
            + "DST=10.0.0.12 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=8443 SEQ=1 ACK=0 "
            + "WINDOW=64240 SYN mark=2147483648 ";

    private DoctorFixtures() {
    }

    static ProbeResult tcp(String id, String from, String to, String src, String dst, int port, ProbeOutcome outcome,
            boolean passed, String explanation) {
        return new ProbeResult(1, id, ProbeKind.TCP, T, from, 101, to, src, dst, "tcp", port, outcome, passed, null, 3000,
                explanation, Map.of());
    }

    static ProbeResult tls(String id, ProbeOutcome outcome, boolean passed, String issuer) {
        TlsDetails details = new TlsDetails("TLSv1.3", null, 5L, "portainer.internal.thinkheads.ai",
                List.of(new TlsDetails.CertificateSummary("CN=portainer.internal.thinkheads.ai", issuer, List.of(), "01",
                        null, null, null)), "lab-root", outcome.name(), null);
        return new ProbeResult(1, id, ProbeKind.TLS, T, "nginx-phoenix", 101, "portainer", "10.0.0.153", "10.0.0.111",
                "tcp", 9443, outcome, passed, 2L, 40, "the chain does not reach lab-root", Map.of(), details);
    }

    static Verdict verdict(ProbeResult r, VerdictClass verdict, VerdictRule rule, List<String> evidence, long drops,
            long rejects, Suggestion fix) {
        return new Verdict(1, Verdict.idOf(r.probeId(), r.time()), verdict, Confidence.HIGH, r.time(), r.time(),
                Verdict.Probe.of(r), r.probeId() + " summary", "because", evidence, drops, rejects, rule, null, fix,
                "v1");
    }

    static VerdictRule policy(String file, int line, String text) {
        return new VerdictRule("policy", Action.DROP, file, line, "OPTIONS", text, "veth102i0-IN", true, "policy DROP");
    }

    static PathVerdict traced(String id, String src, String dst, int port, Action action, String decidedBy,
            String location) {
        return new PathVerdict(new MustWorkPath(id, null, "a", "b", src, dst, "tcp", port, true), action,
                action == Action.ACCEPT, decidedBy, location, null, List.of(), false, List.of());
    }
}
