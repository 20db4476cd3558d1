package ai.thinkheads.droptrace.bench.tracer;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.IpSet;
import ai.thinkheads.droptrace.core.firewall.config.IpSetEntry;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Guest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer of the tracer benchmark: the obvious implementation. Every decision scans all rules of
 * all guests in file order, skips the ones of other guests, and tests each rule's conditions in
 * the order the rule writes them ({@code -source}, then {@code -p}, then {@code -dport}); an ipset
 * is tested by scanning every entry with a CIDR check (the most specific entry wins, for
 * nomatch). {@link #decideCheapestFirst} is the same scan testing protocol and port before the
 * source, the first optimisation anyone would make. Addresses and ports are parsed once up front,
 * so what is measured is the scan, not string parsing. It understands only what
 * {@link GeneratedFirewall} writes (IN rules: action, ipset or CIDR source, tcp/udp, ports).
 */
public final class NaiveLinearTracer {

    /** The decision: the action and the deciding rule's file:line, or {@code policy}. */
    public record Decision(String action, String where) {
    }

    private record Cidr(long net, long mask, boolean nomatch) {
    }

    private record NaiveRule(int vmid, String file, int line, String action, String proto, int lo, int hi,
            List<Cidr> source) {
    }

    private final List<NaiveRule> rules = new ArrayList<>();
    private final List<long[]> guestAddresses = new ArrayList<>();

    public NaiveLinearTracer(Ruleset ruleset) {
        Map<String, List<Cidr>> sets = new HashMap<>();
        for (IpSet set : ruleset.cluster().ipsets()) {
            List<Cidr> entries = new ArrayList<>();
            for (IpSetEntry e : set.entries()) {
                entries.add(cidr(e.cidr(), e.nomatch()));
            }
            sets.put("+" + set.name(), entries);
        }
        for (FwFile f : ruleset.guests()) {
            for (Rule r : f.rules()) {
                String[] ports = r.dport().split(":");
                int lo = Integer.parseInt(ports[0]);
                int hi = ports.length > 1 ? Integer.parseInt(ports[1]) : lo;
                List<Cidr> source = r.source() == null ? null
                        : r.source().startsWith("+") ? sets.get(r.source()) : List.of(cidr(r.source(), false));
                rules.add(new NaiveRule(f.vmid(), f.path(), r.line(), r.action(), r.proto(), lo, hi, source));
            }
        }
        for (Guest g : ruleset.inventory().guests()) {
            guestAddresses.add(new long[] {g.vmid(), ip(g.addresses().get(0))});
        }
    }

    /** Tests each rule's conditions in written order: source, protocol, port. */
    public Decision decide(GeneratedFirewall.Packet p) {
        long src = ip(p.source());
        int vmid = guest(ip(p.dest()));
        for (NaiveRule r : rules) {
            if (r.vmid() != vmid) {
                continue;
            }
            if ((r.source() == null || contains(r.source(), src)) && r.proto().equals(p.proto())
                    && p.dport() >= r.lo() && p.dport() <= r.hi()) {
                return new Decision(r.action(), r.file() + ":" + r.line());
            }
        }
        return new Decision("DROP", "policy");
    }

    /** The same scan, testing protocol and port before the (expensive) source. */
    public Decision decideCheapestFirst(GeneratedFirewall.Packet p) {
        long src = ip(p.source());
        int vmid = guest(ip(p.dest()));
        for (NaiveRule r : rules) {
            if (r.vmid() != vmid || !r.proto().equals(p.proto()) || p.dport() < r.lo() || p.dport() > r.hi()) {
                continue;
            }
            if (r.source() == null || contains(r.source(), src)) {
                return new Decision(r.action(), r.file() + ":" + r.line());
            }
        }
        return new Decision("DROP", "policy");
    }

    private int guest(long dst) {
        for (long[] g : guestAddresses) {
            if (g[1] == dst) {
                return (int) g[0];
            }
        }
        return -1;
    }

    private static boolean contains(List<Cidr> entries, long address) {
        Cidr best = null;
        for (Cidr c : entries) {
            if ((address & c.mask()) == c.net() && (best == null || Long.bitCount(c.mask()) > Long.bitCount(best.mask()))) {
                best = c;
            }
        }
        return best != null && !best.nomatch();
    }

    private static Cidr cidr(String text, boolean nomatch) {
        int slash = text.indexOf('/');
        int prefix = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        long mask = prefix == 0 ? 0 : (0xffff_ffffL << (32 - prefix)) & 0xffff_ffffL;
        return new Cidr(ip(slash < 0 ? text : text.substring(0, slash)) & mask, mask, nomatch);
    }

    static long ip(String text) {
        String[] p = text.split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8) | Long.parseLong(p[3]);
    }
}
