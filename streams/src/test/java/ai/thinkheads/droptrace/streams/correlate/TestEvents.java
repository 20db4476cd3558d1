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
    /**
     * An event with every field of the event and of the packet set, each to a different value
     * (text with a quote, a newline and a non-ASCII letter): a reader or serde that drops or mangles
     * any field fails an equality check against it. A new record component will not compile here
     * until it is given a value too.
     */
    public static FirewallEvent everyField() {
        Packet packet = new Packet("fwbr102i0", "fwln102o0", "veth102i0", "tap103i0", "aa:bb:cc:dd:ee:ff",
                "11:22:33:44:55:66", "08:00", "2001:db8::1", "2001:db8::2", 6, 60, "0x00", "0x20", 64, 54321L, 12,
                java.util.List.of("DF", "MF"), 3, 123456L, 63, "TCP", 40000, 8443, 4_000_000_000L, 4_000_000_001L, 64240,
                java.util.List.of("SYN", "ACK"), 7, 99, 8, 1, 77L, 78L, 4_294_967_295L, "bad \"ü\"\n");
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, Instant.parse("2025-11-20T14:00:00.123456789Z"),
                "+0100", "pve1", 102, 4, "veth102i0-IN", Action.REJECT, true, "policy REJECT", Backend.NFTABLES,
                packet, "102 4 veth102i0-IN 20/Nov/2025:14:00:00 +0100 policy REJECT: ü", Origin.of("/var/log/x", 42));
    }

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
