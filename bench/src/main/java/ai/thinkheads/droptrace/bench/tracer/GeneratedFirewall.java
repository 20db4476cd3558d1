package ai.thinkheads.droptrace.bench.tracer;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.FwFileParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated configuration of the size the tracer's goal names: {@code guests} guests with
 * {@code rulesPerGuest} rules each (1,000 in all by default) and {@code ipsets} cluster ipsets of
 * {@code entriesPerSet} CIDRs each (some of them nomatch), written as {@code .fw} text and parsed
 * like real files; plus packets to decide, half of them from inside an ipset.
 */
public final class GeneratedFirewall {

    /** A packet to decide: outside to a guest. */
    public record Packet(String source, String dest, String proto, int dport) {
    }

    private final Ruleset ruleset;
    private final List<Packet> packets;
    private final List<long[]> ipsetNetworks = new ArrayList<>();

    public GeneratedFirewall(long seed, int guests, int rulesPerGuest, int ipsets, int entriesPerSet, int packetCount) {
        Random random = new Random(seed);
        StringBuilder cluster = new StringBuilder("[OPTIONS]\nenable: 1\n\n");
        for (int s = 0; s < ipsets; s++) {
            cluster.append("[IPSET set").append(s).append("]\n");
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int e = 0; e < entriesPerSet; e++) {
                int prefix = 16 + random.nextInt(15);
                long net = random.nextLong() & 0xffff_ffffL & (0xffff_ffffL << (32 - prefix));
                String cidr = v4(net) + "/" + prefix;
                if (!seen.add(cidr) || (net >>> 24) == 0 || (net >>> 28) >= 14) {
                    e--;
                    continue;
                }
                boolean nomatch = random.nextInt(20) == 0;
                cluster.append(nomatch ? "!" : "").append(cidr).append('\n');
                if (!nomatch) {
                    ipsetNetworks.add(new long[] {net, prefix});
                }
            }
            cluster.append('\n');
        }
        List<FwFile> guestFiles = new ArrayList<>();
        List<Guest> inventory = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            int vmid = 1000 + g;
            StringBuilder text = new StringBuilder("[OPTIONS]\nenable: 1\n\n[RULES]\n");
            for (int r = 0; r < rulesPerGuest; r++) {
                text.append(rule(random, ipsets)).append('\n');
            }
            guestFiles.add(FwFileParser.parse("firewall/" + vmid + ".fw", FileKind.GUEST, vmid, null, text.toString()));
            inventory.add(new Guest(vmid, "guest" + g, GuestType.LXC, null,
                    List.of(new Nic(0, "vmbr0", true, null, List.of(guestAddress(g))))));
        }
        FwFile clusterFile = FwFileParser.parse("firewall/cluster.fw", FileKind.CLUSTER, null, null, cluster.toString());
        ruleset = new Ruleset(Ruleset.SCHEMA_VERSION, "bench", Ruleset.Layout.PVE, clusterFile, List.of(), guestFiles,
                new Inventory("bench", List.of("10.255.0.1"), inventory), null, "10.255.0.0/24", List.of());
        packets = new ArrayList<>();
        for (int i = 0; i < packetCount; i++) {
            String source;
            if (random.nextBoolean()) {
                long[] n = ipsetNetworks.get(random.nextInt(ipsetNetworks.size()));
                long host = n[1] == 32 ? 0 : random.nextLong() & ((1L << (32 - n[1])) - 1);
                source = v4(n[0] | host);
            } else {
                source = "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            }
            packets.add(new Packet(source, guestAddress(random.nextInt(guests)), random.nextBoolean() ? "tcp" : "udp",
                    1 + random.nextInt(1024)));
        }
    }

    /** The configuration the issue names: 1,000 rules across 50 guests, 20 ipsets of 1,000 CIDRs each. */
    public static GeneratedFirewall standard() {
        return new GeneratedFirewall(20261126L, 50, 20, 20, 1000, 4096);
    }

    private static String rule(Random random, int ipsets) {
        String action = List.of("ACCEPT", "DROP", "REJECT").get(random.nextInt(3));
        String proto = random.nextBoolean() ? "tcp" : "udp";
        int port = 1 + random.nextInt(1024);
        String dport = random.nextInt(3) == 0 ? port + ":" + (port + random.nextInt(64)) : Integer.toString(port);
        String source = switch (random.nextInt(4)) {
            case 0, 1 -> " -source +set" + random.nextInt(ipsets);
            case 2 -> " -source 198.51." + random.nextInt(256) + ".0/24";
            default -> "";
        };
        return "IN " + action + source + " -p " + proto + " -dport " + dport;
    }

    static String guestAddress(int g) {
        return "10.10." + (g / 250) + "." + (g % 250 + 1);
    }

    static String v4(long v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    public Ruleset ruleset() {
        return ruleset;
    }

    public List<Packet> packets() {
        return packets;
    }
}
