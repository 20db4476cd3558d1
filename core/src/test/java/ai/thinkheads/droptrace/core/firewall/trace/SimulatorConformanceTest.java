package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.inventory.Guest;
import ai.thinkheads.droptrace.core.inventory.GuestType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.inventory.Nic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs Proxmox's own simulator suites ({@code pve-firewall/test/test-*}) through the tracer: every
 * line of every {@code tests} file, each expanded to every zone when {@code from} or {@code to} is
 * missing, as {@code fwtester.pl} does. Reads {@code ../shared} through {@code droptrace.shared.dir}
 * and is skipped, saying so, when it is absent.
 */
class SimulatorConformanceTest {

    /** fwtester.pl's zones for a test without {@code from} or {@code to}. */
    private static final List<String> ZONES = List.of("host", "outside", "nfvm", "vm100", "ct200");
    private static final String HOST_IP = "172.16.1.2";
    private static final AtomicInteger LINES = new AtomicInteger();
    private static final AtomicInteger CASES = new AtomicInteger();

    @TestFactory
    Stream<DynamicNode> every_case_of_the_pve_firewall_simulator_suites_agrees() throws IOException {
        Path root = suiteRoot();
        Assumptions.assumeTrue(root != null, "pve-firewall simulator suites not found: set droptrace.shared.dir to the "
                + "folder holding data/peer/pve-firewall/test (CI has it at ../shared); conformance not run");
        List<DynamicNode> suites = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("test-")).sorted().toList()) {
                suites.add(suite(root, dir));
            }
        }
        assertThat(suites).isNotEmpty();
        return suites.stream();
    }

    @AfterAll
    static void report() {
        if (LINES.get() > 0) {
            System.out.printf("pve-firewall simulator conformance: %d test lines, %d cases (zones expanded), all agree%n",
                    LINES.get(), CASES.get());
        }
    }

    static Path suiteRoot() {
        String shared = System.getProperty("droptrace.shared.dir");
        if (shared == null) {
            return null;
        }
        Path root = Path.of(shared, "data", "peer", "pve-firewall", "test");
        return Files.isDirectory(root) ? root : null;
    }

    private static DynamicContainer suite(Path root, Path dir) throws IOException {
        Ruleset ruleset = ConfigDirectoryReader.read(dir, new ReadOptions("proxself", topology(), List.of(HOST_IP),
                "172.16.1.0/24", root.resolve("corosync.conf")));
        RuleTracer tracer = RuleTracer.compile(ruleset);
        List<DynamicTest> tests = new ArrayList<>();
        for (SimulatorTestFile.Case c : SimulatorTestFile.parse(Files.readAllLines(dir.resolve("tests")))) {
            LINES.incrementAndGet();
            Map<String, String> f = c.fields();
            List<String> froms = f.containsKey("from") ? List.of(f.get("from")) : ZONES;
            List<String> tos = f.containsKey("to") ? List.of(f.get("to")) : ZONES;
            for (String from : froms) {
                for (String to : tos) {
                    if (from.equals(to)) {
                        continue;
                    }
                    String name = dir.getFileName() + "/tests:" + c.line() + " " + from + " -> " + to + " " + f;
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        CASES.incrementAndGet();
                        TraceResult r = tracer.explain(request(from, to, f));
                        assertThat(r.action()).as("%s%n%s", c.text(), r).isEqualTo(Action.valueOf(f.get("action")));
                    }));
                }
            }
        }
        return DynamicContainer.dynamicContainer(dir.getFileName().toString(), tests);
    }

    /** The packet fwtester.pl builds: tcp unless told, simulate's default addresses, the host's IP for host zones. */
    static TraceRequest request(String from, String to, Map<String, String> f) {
        String source = f.getOrDefault("source", from.equals("host") ? HOST_IP : "100.100.1.2");
        String dest = f.getOrDefault("dest", to.equals("host") ? HOST_IP : "100.200.3.4");
        String proto = f.getOrDefault("proto", "tcp");
        Integer dport = null;
        Integer icmpType = null;
        Integer icmpCode = null;
        String d = f.get("dport");
        if (d != null && (proto.equals("icmp") || proto.equals("icmpv6"))) {
            IcmpType t = proto.equals("icmp") ? IcmpType.v4(d) : IcmpType.v6(d);
            icmpType = t.type();
            icmpCode = t.code() < 0 ? null : t.code();
        } else if (d != null) {
            dport = Integer.valueOf(d);
        }
        Integer sport = f.containsKey("sport") ? Integer.valueOf(f.get("sport")) : null;
        AddressType destType = f.containsKey("dsttype") ? AddressType.valueOf(f.get("dsttype")) : AddressType.UNICAST;
        return new TraceRequest(zone(from), zone(to), source, dest, proto, dport, sport, icmpType, icmpCode, null,
                AddressType.UNICAST, destType);
    }

    private static Zone zone(String name) {
        return name.equals("nfvm") ? new Zone.BridgePort("vmbr0", "tapXYZ") : Zone.parse(name);
    }

    /** The guests fwtester.pl hard-codes (see the suite README in ../shared/data/peer). */
    static Inventory topology() {
        return new Inventory("proxself", List.of(HOST_IP), List.of(
                new Guest(100, null, GuestType.QEMU, null, List.of(
                        new Nic(0, "vmbr0", true, "0e:0b:38:b8:b3:21", List.of()),
                        new Nic(1, "vmbr1", true, "0e:0b:38:b9:b4:21", List.of()),
                        new Nic(2, "vmbr2", true, "0e:0b:38:ba:b4:21", List.of()))),
                new Guest(101, null, GuestType.QEMU, null, List.of(new Nic(0, "vmbr0", true, "0e:0b:38:b8:b3:22", List.of()))),
                new Guest(110, null, GuestType.QEMU, null, List.of(new Nic(0, "vmbr1", true, "0e:0b:38:b8:b4:21", List.of()))),
                new Guest(200, null, GuestType.LXC, null,
                        List.of(new Nic(0, "vmbr0", true, "0e:18:24:41:2c:43", List.of("10.0.200.1")))),
                new Guest(201, null, GuestType.LXC, null,
                        List.of(new Nic(0, "vmbr0", true, "0e:18:24:41:2c:44", List.of("10.0.200.2"))))));
    }
}
