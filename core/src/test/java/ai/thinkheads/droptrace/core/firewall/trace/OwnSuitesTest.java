package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.net.IcmpType;
import ai.thinkheads.droptrace.core.inventory.Inventory;
import ai.thinkheads.droptrace.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * droptrace's own suites: folders of {@code .fw} files with an inventory and an {@code expected.tsv}
 * naming, per packet, the action, the deciding rule ({@code file:line}), policy or built-in rule,
 * and whether the decision is logged.
 */
class OwnSuitesTest {

    @TestFactory
    Stream<DynamicContainer> every_packet_of_every_suite_gets_the_expected_decision_and_decider() throws Exception {
        Path root = Path.of(OwnSuitesTest.class.getResource("/ai/thinkheads/droptrace/core/firewall/suites").toURI());
        List<DynamicContainer> suites = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                suites.add(suite(dir));
            }
        }
        assertThat(suites).hasSizeGreaterThanOrEqualTo(3);
        return suites.stream();
    }

    private static DynamicContainer suite(Path dir) throws Exception {
        Inventory inventory = Json.strict().readValue(dir.resolve("inventory.json").toFile(), Inventory.class);
        RuleTracer tracer = RuleTracer.compile(ConfigDirectoryReader.read(dir,
                new ReadOptions(inventory.hostName(), inventory, List.of(), null, null)));
        List<DynamicTest> tests = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("expected.tsv"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            assertThat(f).as("line %d of %s", i + 1, dir).hasSize(10);
            tests.add(DynamicTest.dynamicTest(dir.getFileName() + ":" + (i + 1) + " " + String.join(" ", f), () -> {
                TraceResult r = tracer.explain(request(f));
                assertThat(r.action()).as("%s%n%s", line, r).isEqualTo(Action.valueOf(f[7]));
                assertThat(token(r.decidedBy())).as("%s%n%s", line, r).isEqualTo(f[8]);
                assertThat(r.logged()).as("logged: %s", line).isEqualTo(f[9].equals("yes"));
            }));
        }
        return DynamicContainer.dynamicContainer(dir.getFileName().toString(), tests);
    }

    private static TraceRequest request(String[] f) {
        String proto = f[4];
        TraceRequest r = new TraceRequest(zone(f[0]), zone(f[1]), dash(f[2]), dash(f[3]), proto,
                dash(f[5]) == null ? null : Integer.valueOf(f[5]), null, null, null, null, null, null);
        if (!f[6].equals("-")) {
            for (String kv : f[6].split(";")) {
                String key = kv.substring(0, kv.indexOf('='));
                String value = kv.substring(kv.indexOf('=') + 1);
                switch (key) {
                    case "sport" -> r = r.withSport(Integer.valueOf(value));
                    case "flags" -> r = r.withTcpFlags(Arrays.asList(value.split(",")));
                    case "icmp" -> {
                        IcmpType t = proto.equals("icmp") ? IcmpType.v4(value) : IcmpType.v6(value);
                        r = r.withIcmp(t.type(), t.code() < 0 ? null : t.code());
                    }
                    case "dsttype" -> r = r.withAddressTypes(null, AddressType.valueOf(value));
                    default -> throw new IllegalArgumentException("unknown extra " + key);
                }
            }
        }
        return r;
    }

    private static Zone zone(String s) {
        return s.equals("-") ? null : Zone.parse(s);
    }

    private static String dash(String s) {
        return s.equals("-") ? null : s;
    }

    /** {@code file:line}, {@code policy:<chain>}, {@code builtin:<KIND>} or {@code none}. */
    static String token(Decider d) {
        if (d instanceof Decider.RuleDecision r) {
            return r.rule().location();
        }
        if (d instanceof Decider.PolicyDecision p) {
            return "policy:" + p.chain();
        }
        if (d instanceof Decider.BuiltinDecision b) {
            return "builtin:" + b.builtin();
        }
        return "none";
    }
}
