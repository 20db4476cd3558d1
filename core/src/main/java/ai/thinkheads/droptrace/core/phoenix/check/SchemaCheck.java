package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.phoenix.FirewallSection;
import ai.thinkheads.droptrace.core.phoenix.GeneratedConfig;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSite;
import ai.thinkheads.droptrace.core.text.EditDistance;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Class 7: rule values outside the Phoenix schema ({@code type} in/out, {@code action}
 * ACCEPT/DROP/REJECT, {@code proto} tcp/udp, string values), keys it does not declare, and keys of a
 * firewall section no generator reads.
 */
final class SchemaCheck {

    /** The keys that narrow what a rule matches, and what the rule matches without them. */
    private static final Map<String, String> MATCHES = Map.of("port", "port", "source", "source", "dest", "destination",
            "proto", "protocol");
    /** Keys written in their place, as pve-firewall or other tools name them. */
    private static final Map<String, String> ALIASES = Map.of("dport", "port", "ports", "port", "dports", "port",
            "src", "source", "dst", "dest", "destination", "dest", "protocol", "proto");
    /** The keys a typo is read as: the longer ones only ('desc', a description, is one letter from 'dest'). */
    private static final List<String> TYPO_OF = List.of("source", "proto");

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
                String meant = meant(key);
                if (meant != null && value(r, meant) == null) {
                    // 'dport' for 'port': the line the generator writes matches more than the rule says
                    out.add(new PhoenixFinding(Severity.WARNING, FailureClass.OUTSIDE_SCHEMA, "unknown-key", r.at(), file,
                            line, text, "key '" + key + "' is not in " + schema, "the generator ignores it: the rule it "
                                    + "writes matches every " + MATCHES.get(meant) + ", so it " + (r.blocks() ? "drops"
                                            : "accepts") + " more than it says",
                            "rename \"" + key + "\" to \"" + meant + "\" at " + r.at().path(), null));
                    continue;
                }
                out.add(new PhoenixFinding(Severity.INFO, FailureClass.OUTSIDE_SCHEMA, "unknown-key", r.at(), file, line, text,
                        "key '" + key + "' is not in " + schema, unknown(key), null, null));
            }
        }
        if (ctx.site.firewall() != null) {
            sectionKeys(ctx, ctx.site.firewall(), "the global firewall section", "firewall/cluster.fw", false, out);
        }
        for (PhoenixGuest g : ctx.site.guests()) {
            if (g.firewall() != null) {
                sectionKeys(ctx, g.firewall(), g.label() + "'s firewall section", "firewall/" + g.vmid() + ".fw", true, out);
            }
        }
    }

    /**
     * Keys of a firewall section no generator reads: what they say is silently not written (rules under {@code rule},
     * a guest's {@code policy_in}, a misspelt policy).
     */
    private static void sectionKeys(CheckContext ctx, FirewallSection section, String whose, String fwFile, boolean guest,
            List<PhoenixFinding> out) {
        if (section.unknownKeys().isEmpty()) {
            return;
        }
        List<String> read = guest ? List.of("enabled", "rules")
                : List.of("enabled", "default_input_policy", "default_output_policy", "global_firewall_rules");
        String rulesKey = guest ? "rules" : "global_firewall_rules";
        String file = ctx.phoenix.generated().file(fwFile).isPresent() ? fwFile : null;
        for (FirewallSection.UnknownKey u : section.unknownKeys()) {
            String key = u.key();
            String breaks;
            String fix;
            String near = read.stream().filter(k -> EditDistance.within(k, key, 3) <= 2).findFirst().orElse(null);
            if (u.rules() > 0 && (key.contains("rule") || rulesKey.equals(near))) {
                breaks = "its " + u.rules() + " rule(s) are not written" + (file == null ? "" : " to " + file);
                fix = has(section, rulesKey) ? "move them into " + section.rulesPath() : "rename it to \"" + rulesKey + "\"";
            } else if (guest && key.matches("(default_)?(policy_(in|out)|(input|output)_policy)")) {
                String option = key.contains("in") ? "policy_in DROP" : "policy_out ACCEPT";
                breaks = "no generator writes a guest's policy, so pve-firewall's default applies (" + option + ")";
                fix = "a guest's policy cannot be set in the Phoenix JSON: allow what it needs with rules instead";
            } else {
                breaks = (file == null ? "nothing is written" : file + " does not have") + " what it says";
                fix = near == null ? null : has(section, near) ? "remove it: the generator reads \"" + near + "\" instead"
                        : "rename it to \"" + near + "\"";
            }
            out.add(new PhoenixFinding(Severity.WARNING, FailureClass.OUTSIDE_SCHEMA, "unknown-key", u.at(), file, 0, "",
                    "key '" + key + "' of " + whose + " is not one the generator reads (" + String.join(", ", read) + ")",
                    "the generator ignores it: " + breaks, fix, null));
        }
    }

    /** True when the section sets {@code key} (one the generator reads). */
    private static boolean has(FirewallSection section, String key) {
        return switch (key) {
            case "enabled" -> section.enabled() != null;
            case "default_input_policy" -> section.inputPolicy() != null;
            case "default_output_policy" -> section.outputPolicy() != null;
            default -> section.rulesAt().line() > 0;
        };
    }

    /** The schema key an unknown rule key stands for ({@code dport} for {@code port}, a typo), or {@code null}. */
    private static String meant(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (ALIASES.containsKey(lower)) {
            return ALIASES.get(lower);
        }
        return TYPO_OF.stream().filter(k -> EditDistance.within(k, lower, 2) <= 1).findFirst().orElse(null);
    }

    private static String value(PhoenixRule r, String key) {
        return switch (key) {
            case "port" -> r.port();
            case "source" -> r.source();
            case "dest" -> r.dest();
            default -> r.proto();
        };
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
