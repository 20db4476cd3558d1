package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.probe.ProbeKind;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Firewall events and probe results for topology tests, with only the fields the correlator reads. */
public final class TestEvents {

    private TestEvents() {
    }

    /** A TCP drop logged by the default policy of guest 102's IN chain. */
    public static FirewallEvent drop(String src, String dst, int port, Instant time) {
        return event(src, dst, "TCP", port, Action.DROP, 102, "veth102i0-IN", true, time);
    }

    public static FirewallEvent event(String src, String dst, String proto, Integer port, Action action, int vmid,
            String chain, boolean policy, Instant time) {
        Packet packet = new Packet("fwbr102i0", null, null, null, null, null, null, src, dst, 4, 60, null, null, 64,
                null, null, null, null, null, null, proto, port == null ? null : 40000, port, null, null, null, null,
                null, null, null, null, null, null, null, null);
        String message = action == null ? "" : (policy ? "policy " : "") + action.name();
        String line = vmid + " 6 " + chain + " " + time + " " + message + ": SRC=" + src + " DST=" + dst
                + " PROTO=" + proto + (port == null ? "" : " DPT=" + port);
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, time, "+0000", null, vmid, 6, chain, action, policy,
                message, Backend.IPTABLES, packet, line, Origin.of("test", 1));
    }

    /** A TLS probe that connected and completed (or failed) its handshake. */
    public static ProbeResult tlsProbe(String id, String src, String dst, int port, ProbeOutcome outcome, Instant time) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, id, ProbeKind.TLS, time, "local", null, dst, src, dst,
                "tcp", port, outcome, outcome.category() == ProbeOutcome.Category.SUCCESS, 1L, 5,
                "tls " + outcome.name().toLowerCase(Locale.ROOT), Map.of(), null);
    }

    public static ProbeResult probe(String id, String src, String dst, int port, ProbeOutcome outcome, Instant time) {
        return new ProbeResult(ProbeResult.SCHEMA_VERSION, id, ProbeKind.TCP, time, "local", null, dst, src, dst,
                "tcp", port, outcome, outcome.category() == ProbeOutcome.Category.SUCCESS, null, 5,
                "tcp " + outcome.name().toLowerCase(Locale.ROOT), Map.of(), null);
    }
}
