package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.phoenix.GeneratedConfig;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSite;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Class 7: rule values outside the Phoenix schema ({@code type} in/out, {@code action}
 * ACCEPT/DROP/REJECT, {@code proto} tcp/udp, string values) and keys it does not declare.
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        for (PhoenixRule r : ctx.site.allRules()) {
            Optional<GeneratedConfig.Placement> p = ctx.placement(r);
            String file = p.map(GeneratedConfig.Placement::file).orElse(null);
            int line = p.map(GeneratedConfig.Placement::line).orElse(0);
            String text = p.map(GeneratedConfig.Placement::text).orElse("");
            String schema = schema(r.at().file());
            for (String problem : r.schemaProblems()) {
                out.add(new PhoenixFinding(Severity.WARNING, FailureClass.OUTSIDE_SCHEMA, "outside-schema", r.at(), file,
                        line, text, problem + " (" + schema + ")", breaks(problem, p.isPresent()), fix(problem, r), null));
            }
            for (String key : r.unknownKeys()) {
                out.add(new PhoenixFinding(Severity.INFO, FailureClass.OUTSIDE_SCHEMA, "unknown-key", r.at(), file, line, text,
                        "key '" + key + "' is not in " + schema, unknown(key), null, null));
            }
        }
    }

    private static String schema(String file) {
        return switch (file) {
            case PhoenixSite.LXC_FILE -> "phoenix_lxc_configs.schema.json";
            case PhoenixSite.VM_FILE -> "phoenix_vm_configs.schema.json";
            case PhoenixSite.HYPERVISOR_FILE -> "the rule shape of the Phoenix schemas";
            default -> "the rule shape of the Phoenix schemas (stacks have no schema of their own)";
        };
    }

    private static String breaks(String problem, boolean generated) {
        if (problem.startsWith("proto 'icmp'")) {
            return "validating the file against the schema fails; the generator passes it through and pve-firewall "
                    + "accepts '-p icmp' - the site needs such rules (class 6), the schema does not allow them";
        }
        if (problem.startsWith("port is a number")) {
            return "validating the file against the schema fails; jq prints the number as text, so the generated line "
                    + "is the same";
        }
        return "validating the file against the schema fails" + (generated ? "; see the generated line for what "
                + "pve-firewall makes of it" : "");
    }

    private static String fix(String problem, PhoenixRule r) {
        if (problem.startsWith("proto 'icmp'")) {
            return "add \"icmp\" to the proto enum of the schema (the generator and pve-firewall handle it)";
        }
        if (problem.startsWith("port is a number")) {
            return "write \"port\": \"" + r.port() + "\" at " + r.at().path();
        }
        if (problem.startsWith("port is an array")) {
            String list = portList(r.port());
            if (list != null) {
                return "write \"port\": \"" + list + "\" at " + r.at().path() + " (a list of ports is one string, "
                        + "comma-separated)";
            }
        }
        return "correct the value at " + r.at().path();
    }

    /** {@code ["80", 8443]} as {@code 80,8443}; {@code null} when an element is not a port or a range. */
    private static String portList(String json) {
        try {
            List<String> ports = new ArrayList<>();
            for (JsonNode e : Json.events().readTree(json)) {
                if (!e.isValueNode() || !e.asText().strip().matches("\\d+(:\\d+)?")) {
                    return null;
                }
                ports.add(e.asText().strip());
            }
            return ports.isEmpty() ? null : String.join(",", ports);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String unknown(String key) {
        return switch (key) {
            case "iface" -> "the generator reads it, but writes a line pve-firewall cannot read (class 4)";
            case "log_level" -> "no Phoenix generator reads it yet: the rule logs nothing until the generator emits "
                    + "'-log <level>'";
            default -> "the generator ignores it";
        };
    }
}
