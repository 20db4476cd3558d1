package ai.thinkheads.droptrace.core.firewall.trace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryReader;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The namespace lab ({@code deploy/lab}) states, for each of its paths, the verdict the kernel
 * gives and the {@code .fw} line that decides it (checked against the real kernel by the lab's own
 * test). The tracer, on the same configuration, must say the same. Skipped, saying so, when the
 * lab's topology or templates are not there or have a shape this test does not know.
 */
class LabFaultTableTest {

    private static final Path LAB = Path.of("..", "deploy", "lab");
    private static final String NET = "10.213.0.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z]+)(\\d*)\\}\\}");

    @TempDir
    Path rendered;

    @TestFactory
    Stream<DynamicTest> the_tracer_names_the_line_and_verdict_the_lab_kernel_gives() throws IOException {
        Path topologyFile = LAB.resolve("lab-topology.json");
        Path templates = LAB.resolve("templates").resolve("etc").resolve("pve");
        Assumptions.assumeTrue(Files.isRegularFile(topologyFile) && Files.isDirectory(templates),
                "deploy/lab topology or templates not found; lab cross-check not run");
        JsonNode topology = Json.events().readTree(topologyFile.toFile());
        Map<String, String> values = values(topology);
        render(templates, rendered, values);
        String hypervisor = NET + topology.path("hypervisor").path("host").asInt();
        RuleTracer tracer = RuleTracer.compile(ConfigDirectoryReader.read(rendered,
                new ReadOptions(topology.path("node").asText(), null, List.of(hypervisor), NET + "0/24", null)));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode path : topology.path("paths")) {
            tests.add(DynamicTest.dynamicTest(path.path("id").asText() + " " + path.path("name").asText(),
                    () -> check(tracer, topology, path)));
        }
        Assumptions.assumeFalse(tests.isEmpty(), "the lab topology lists no paths");
        return tests.stream();
    }

    private static void check(RuleTracer tracer, JsonNode topology, JsonNode path) {
        JsonNode expect = path.path("expect");
        TraceResult r = tracer.trace(TraceRequest.between(zone(topology, path.path("from").asInt()),
                zone(topology, path.path("to").asInt()), path.path("proto").asText(), path.path("port").asInt()));
        String verdict = expect.path("kernel").path("verdict").asText();
        assertThat(r.action()).as("%s%n%s", path, r).isEqualTo(Action.valueOf(verdict.toUpperCase(Locale.ROOT)));
        JsonNode by = expect.path("decidedBy");
        String file = by.path("file").asText().replaceFirst("^etc/pve/", "");
        if (by.path("kind").asText().equals("policy")) {
            Decider.PolicyDecision p = (Decider.PolicyDecision) r.decidedBy();
            assertThat(p.file() + ":" + p.line()).isEqualTo(file + ":" + by.path("line").asInt());
        } else {
            assertThat(r.rule().location()).as("%s", r).isEqualTo(file + ":" + by.path("line").asInt());
            assertThat(r.rule().chain()).isEqualTo(expect.path("kernel").path("chain").asText());
        }
        JsonNode log = expect.path("log");
        if (log.isNull() || log.isMissingNode()) {
            assertThat(r.logged()).isFalse();
        } else {
            assertThat(r.log()).isEqualTo(new ExpectedLog(log.path("vmid").asInt(), log.path("level").asInt(),
                    log.path("chain").asText(), log.path("message").asText()));
        }
    }

    private static Zone zone(JsonNode topology, int vmid) {
        if (vmid == 0) {
            return Zone.HOST;
        }
        for (JsonNode g : topology.path("guests")) {
            if (g.path("vmid").asInt() == vmid) {
                return new Zone.Guest(vmid, g.path("type").asText().equals("lxc"), null);
            }
        }
        throw new IllegalArgumentException("no guest " + vmid + " in the lab topology");
    }

    private static Map<String, String> values(JsonNode topology) {
        Map<String, String> v = new HashMap<>();
        v.put("CIDR", NET + "0/24");
        v.put("HV", NET + topology.path("hypervisor").path("host").asInt());
        for (JsonNode g : topology.path("guests")) {
            v.put("IP" + g.path("vmid").asInt(), NET + g.path("host").asInt());
            v.put("MAC" + g.path("vmid").asInt(), g.path("mac").asText());
        }
        return v;
    }

    private static void render(Path from, Path to, Map<String, String> values) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    continue;
                }
                Matcher m = PLACEHOLDER.matcher(Files.readString(p));
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String value = values.get(m.group(1) + m.group(2));
                    Assumptions.assumeTrue(value != null, "unknown lab placeholder " + m.group() + "; cross-check not run");
                    m.appendReplacement(out, Matcher.quoteReplacement(value));
                }
                m.appendTail(out);
                Files.writeString(target, out.toString());
            }
        }
    }
}
