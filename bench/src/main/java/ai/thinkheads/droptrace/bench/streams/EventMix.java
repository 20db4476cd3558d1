package ai.thinkheads.droptrace.bench.streams;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A reproducible mix of firewall events shaped like pvefw-logger lines of a busy site: {@code pairs}
 * (source, destination) pairs, a few dozen ports and chains, 70 % drops, 10 % rejects, 20 %
 * accepts, event time rising through {@code span} with a little disorder.
 */
final class EventMix {

    private static final int[] PORTS = {22, 53, 80, 443, 8443, 9000, 9443, 3306, 5432, 6379, 25, 110, 143, 993, 995,
        8080, 8000, 3000, 5000, 6443, 2379, 10250, 161, 123, 514, 1514, 5514, 11211, 27017, 9200};
    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final SplittableRandom random;
    private final int pairs;
    private final Instant start;
    private final long stepNanos;
    private int next;

    EventMix(int count, int pairs, Instant start, Duration span, long seed) {
        this.random = new SplittableRandom(seed);
        this.pairs = pairs;
        this.start = start;
        this.stepNanos = span.toNanos() / Math.max(1, count);
    }

    /** The next event of the mix; the same seed gives the same sequence. */
    FirewallEvent next() {
        int i = next++;
        int pair = random.nextInt(pairs);
        String src = "10.1." + (pair / 200) + "." + (pair % 200 + 1);
        int vmid = 100 + pair % 12;
        String dst = "10.0.0." + (vmid - 90);
        int port = PORTS[random.nextInt(PORTS.length)];
        int roll = random.nextInt(10);
        Action action = roll < 7 ? Action.DROP : roll < 8 ? Action.REJECT : Action.ACCEPT;
        Instant time = start.plusNanos(stepNanos * i).minusMillis(random.nextInt(2000));
        return event(src, dst, port, vmid, action, i % 3 == 0, time, i);
    }

    /** A drop of one flow at {@code time}, logged by the default policy of its destination's IN chain. */
    static FirewallEvent drop(FlowKey flow, Instant time) {
        int vmid = Integer.parseInt(flow.destination().substring(flow.destination().lastIndexOf(".") + 1)) + 90;
        FirewallEvent e = event(flow.source(), flow.destination(), flow.port(), vmid, Action.DROP, true, time, 7);
        return e;
    }

    /** Flows of the mix that carry drops, to declare as must-work (so the alert path is exercised). */
    static List<FlowKey> someFlows(int n) {
        List<FlowKey> flows = new ArrayList<>();
        for (int pair = 0; pair < n; pair++) {
            flows.add(new FlowKey("10.1.0." + (pair + 1), "10.0.0." + (100 + pair % 12 - 90), "tcp", 8443));
        }
        return flows;
    }

    private static FirewallEvent event(String src, String dst, int port, int vmid, Action action, boolean policy,
            Instant time, int seq) {
        String chain = "veth" + vmid + "i0-IN";
        String message = (policy ? "policy " : "") + action.name();
        Packet packet = new Packet("fwbr" + vmid + "i0", "fwbr" + vmid + "i0", "fwln" + vmid + "i0", "veth" + vmid + "i0",
                "bc:24:11:0c:10:02", "52:54:00:67:89:b3", "08:00", src, dst, 4, 60, "0x00", "0x00", 64,
                (long) (seq & 0xffff), null, List.of("DF"), null, null, null, "TCP", 40000 + seq % 20000, port,
                3120094471L, 0L, 64240, List.of("SYN"), null, null, null, null, null, null, null, null);
        String line = vmid + " 6 " + chain + " " + LOG_TIME.format(time) + " +0000 " + message + ": IN=fwbr" + vmid
                + "i0 OUT=fwbr" + vmid + "i0 PHYSIN=fwln" + vmid + "i0 PHYSOUT=veth" + vmid
                + "i0 MAC=bc:24:11:0c:10:02:52:54:00:67:89:b3:08:00 SRC=" + src + " DST=" + dst
                + " LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=" + (seq & 0xffff) + " DF PROTO=TCP SPT="
                + (40000 + seq % 20000) + " DPT=" + port + " SEQ=3120094471 ACK=0 WINDOW=64240 SYN";
        return new FirewallEvent(FirewallEvent.SCHEMA_VERSION, time, "+0000", null, vmid, 6, chain, action, policy,
                message, Backend.IPTABLES, packet, line, Origin.of("/var/log/pve-firewall.log", seq));
    }
}
