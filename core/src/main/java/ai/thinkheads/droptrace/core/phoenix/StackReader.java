package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the stacks the VMs deploy: {@code stacks/<stack>/phoenix.json} next to {@code etc/} (as on
 * the host, {@code /usr/local/phoenix_hypervisor/stacks}) or inside it. Rules come from
 * {@code .environments.<env>.firewall_rules}; the environment is the one the VM names, else the
 * only one, else {@code production} or {@code prod}. Ports come from Traefik labels
 * {@code ...loadbalancer.server.port=N}.
 */
final class StackReader {

    private static final Pattern LB_PORT = Pattern.compile("loadbalancer\\.server\\.port=(\\d{1,5})$");

    record Result(List<StackRules> stacks, List<PhoenixGuest> guests) {
    }

    private StackReader() {
    }

    static Result read(Path etc, List<PhoenixGuest> guests, List<ParseWarning> warnings) {
        List<StackRules> stacks = new ArrayList<>();
        List<PhoenixGuest> updated = new ArrayList<>();
        for (PhoenixGuest g : guests) {
            List<ServicePort> ports = new ArrayList<>();
            for (PhoenixGuest.StackRef ref : g.stacks()) {
                Path file = find(etc, ref.name());
                if (file == null) {
                    warnings.add(new ParseWarning(PhoenixSite.VM_FILE, g.at().line(), "", "VM " + g.vmid() + " deploys stack '"
                            + ref.name() + "' but stacks/" + ref.name() + "/phoenix.json was not found next to or in etc/"));
                    continue;
                }
                String rel = etc.relativize(file).toString().replace('\\', '/');
                JsonDocument doc = JsonDocument.read(file, rel);
                doc.warnDuplicates(warnings);
                String env = environment(doc.root().path("environments"), ref.environment());
                if (env == null) {
                    warnings.add(new ParseWarning(rel, 0, "", "stack '" + ref.name() + "': no environment '"
                            + (ref.environment() == null ? "production" : ref.environment()) + "'; its rules are not used"));
                    continue;
                }
                String envPath = JsonLocation.member(".environments", env);
                String rulesPath = JsonLocation.member(envPath, "firewall_rules");
                JsonNode envNode = doc.root().path("environments").path(env);
                stacks.add(new StackRules(ref.name(), env, g.vmid(), doc.at(envPath), rulesPath,
                        RuleReader.read(doc, rulesPath, envNode.get("firewall_rules"), warnings)));
                labelPorts(doc, envPath, envNode, ref.name(), ports);
            }
            updated.add(ports.isEmpty() ? g : g.withServicesAndConnections(ports, List.of()));
        }
        return new Result(stacks, updated);
    }

    private static void labelPorts(JsonDocument doc, String envPath, JsonNode env, String stack, List<ServicePort> out) {
        JsonNode services = env.path("services");
        for (Iterator<String> it = services.fieldNames(); it.hasNext();) {
            String service = it.next();
            JsonNode labels = services.path(service).path("traefik_labels");
            for (int i = 0; i < labels.size(); i++) {
                Matcher m = LB_PORT.matcher(labels.get(i).asText());
                int port = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (port >= 1 && port <= 65535) {
                    String path = JsonLocation.element(JsonLocation.member(JsonLocation.member(JsonLocation.member(envPath,
                            "services"), service), "traefik_labels"), i);
                    out.add(new ServicePort(port, "tcp", "stack " + stack + " Traefik label", doc.at(path)));
                }
            }
        }
    }

    private static String environment(JsonNode envs, String wanted) {
        if (!envs.isObject()) {
            return null;
        }
        if (wanted != null) {
            return envs.has(wanted) ? wanted : null;
        }
        if (envs.size() == 1) {
            return envs.fieldNames().next();
        }
        return envs.has("production") ? "production" : envs.has("prod") ? "prod" : null;
    }

    private static Path find(Path etc, String stack) {
        if (!stack.matches("[A-Za-z0-9_.-]+") || stack.startsWith(".")) {
            return null;
        }
        for (Path base : new Path[] {etc.toAbsolutePath().normalize().getParent(), etc}) {
            if (base == null) {
                continue;
            }
            Path p = base.resolve("stacks").resolve(stack).resolve("phoenix.json");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
