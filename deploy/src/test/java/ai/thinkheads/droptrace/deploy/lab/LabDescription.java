package ai.thinkheads.droptrace.deploy.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code deploy/lab/up} wrote to {@code <labdir>/lab.json}: namespaces, addresses, guests
 * with their exec prefixes, where the config, log, PKI root and trace output are, and the table
 * of deliberate faults and working paths with the decisions they must produce.
 */
public record LabDescription(
        String prefix,
        Path labDir,
        String cidr,
        List<String> namespaces,
        String hypervisorNamespace,
        String hypervisorAddress,
        List<Guest> guests,
        Path configDir,
        Path firewallLog,
        Path pkiRoot,
        Path untrustedRoot,
        Map<String, String> dnsNames,
        Path traceOutput,
        List<PathSpec> paths,
        JsonNode raw) {

    public LabDescription {
        Objects.requireNonNull(prefix, "prefix");
        namespaces = List.copyOf(namespaces);
        guests = List.copyOf(guests);
        dnsNames = Map.copyOf(dnsNames);
        paths = List.copyOf(paths);
    }

    /** A guest namespace: its vmid, name, address and the command prefix that runs inside it. */
    public record Guest(int vmid, String name, String type, String namespace, List<String> exec,
                        String address, String mac, String device) {
        public Guest {
            exec = List.copyOf(exec);
        }
    }

    /** The firewall config line that decides a path. */
    public record ConfigLine(String file, int line, String text, String kind) {}

    /**
     * One row of the fault table. {@code expectedClient} is what the client sees (TIMEOUT,
     * REFUSED, TLS_VERIFY_FAILED, OK); {@code logChain} is null when no log line is expected.
     */
    public record PathSpec(String id, String name, String kind, int from, int to, String fromAddress,
                           String toAddress, String proto, int port, String probe, String serverName,
                           String urlPath, String expectedClient, String expectedVerdict,
                           String logChain, String logMessage, ConfigLine decidedBy,
                           String kernelChain, String kernelVerdict) {}

    public Guest guest(int vmid) {
        return guests.stream().filter(g -> g.vmid() == vmid).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no guest " + vmid + " in the lab"));
    }

    public PathSpec path(String id) {
        return paths.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no path " + id + " in the lab"));
    }

    public static LabDescription read(Path labJson) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(labJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + labJson, e);
        }
        List<Guest> guests = new ArrayList<>();
        for (JsonNode g : root.path("guests")) {
            List<String> exec = new ArrayList<>();
            g.path("exec").forEach(e -> exec.add(e.asText()));
            guests.add(new Guest(g.path("vmid").asInt(), g.path("name").asText(), g.path("type").asText(),
                    g.path("namespace").asText(), exec, g.path("address").asText(), g.path("mac").asText(),
                    g.path("device").asText()));
        }
        List<String> namespaces = new ArrayList<>();
        root.path("namespaces").forEach(n -> namespaces.add(n.asText()));
        Map<String, String> dns = new TreeMap<>();
        root.path("dns").path("names").fields().forEachRemaining(e -> dns.put(e.getKey(), e.getValue().asText()));
        List<PathSpec> paths = new ArrayList<>();
        for (JsonNode p : root.path("paths")) {
            paths.add(pathSpec(p));
        }
        return new LabDescription(root.path("prefix").asText(), Path.of(root.path("labDir").asText()),
                root.path("network").path("cidr").asText(), namespaces,
                root.path("hypervisor").path("namespace").asText(), root.path("hypervisor").path("address").asText(),
                guests, Path.of(root.path("configDir").asText()), Path.of(root.path("firewallLog").asText()),
                Path.of(root.path("pki").path("root").asText()), Path.of(root.path("pki").path("untrustedRoot").asText()),
                dns, Path.of(root.path("trace").path("output").asText()), paths, root);
    }

    private static PathSpec pathSpec(JsonNode p) {
        JsonNode expect = p.path("expect");
        JsonNode log = expect.path("log");
        JsonNode decided = expect.path("decidedBy");
        return new PathSpec(p.path("id").asText(), p.path("name").asText(), p.path("kind").asText(),
                p.path("from").asInt(), p.path("to").asInt(), p.path("fromAddress").asText(),
                p.path("toAddress").asText(), p.path("proto").asText(), p.path("port").asInt(),
                p.path("probe").asText(), p.path("serverName").asText(null), p.path("urlPath").asText(null),
                expect.path("client").asText(), expect.path("verdict").asText(),
                log.isObject() ? log.path("chain").asText() : null,
                log.isObject() ? log.path("message").asText() : null,
                new ConfigLine(decided.path("file").asText(), decided.path("line").asInt(),
                        decided.path("text").asText(), decided.path("kind").asText()),
                expect.path("kernel").path("chain").asText(), expect.path("kernel").path("verdict").asText());
    }
}
