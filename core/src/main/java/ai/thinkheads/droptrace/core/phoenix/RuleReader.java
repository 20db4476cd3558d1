package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a Phoenix rules array and checks each rule against the Phoenix schema
 * ({@code phoenix_lxc_configs.schema.json}): {@code type} in/out and {@code action}
 * ACCEPT/DROP/REJECT required, {@code proto} tcp/udp, every value a string.
 */
final class RuleReader {

    static final Set<String> DECLARED = Set.of("type", "action", "source", "dest", "proto", "port");
    private static final Set<String> TOLERATED = Set.of("comment");
    private static final Set<String> TYPES = Set.of("in", "out");
    private static final Set<String> ACTIONS = Set.of("ACCEPT", "DROP", "REJECT");
    private static final Set<String> PROTOS = Set.of("tcp", "udp");

    private RuleReader() {
    }

    static List<PhoenixRule> read(JsonDocument doc, String arrayPath, JsonNode array, List<ParseWarning> warnings) {
        List<PhoenixRule> out = new ArrayList<>();
        if (array == null || array.isNull() || array.isMissingNode()) {
            return out;
        }
        if (!array.isArray()) {
            warnings.add(new ParseWarning(doc.file(), doc.index().line(arrayPath), "", arrayPath
                    + " is not an array; its rules are ignored (the generator's jq would fail on it)"));
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            String path = JsonLocation.element(arrayPath, i);
            JsonNode r = array.get(i);
            if (!r.isObject()) {
                warnings.add(new ParseWarning(doc.file(), doc.index().line(path), "", path + " is not an object; skipped"));
                continue;
            }
            out.add(rule(doc.at(path), r));
        }
        return out;
    }

    static PhoenixRule rule(JsonLocation at, JsonNode r) {
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
            String key = it.next();
            JsonNode v = r.get(key);
            if (!DECLARED.contains(key) && !TOLERATED.contains(key)) {
                unknown.add(key);
            } else if (!v.isTextual() && !v.isNull()) {
                problems.add(key + " is " + kind(v) + " (" + v + "); the schema wants a string");
            }
        }
        String type = JsonDocument.text(r, "type");
        String action = JsonDocument.text(r, "action");
        String proto = JsonDocument.text(r, "proto");
        if (type == null) {
            problems.add("type is required (in or out)");
        } else if (!TYPES.contains(type)) {
            problems.add("type '" + type + "' is not one of in, out");
        }
        if (action == null) {
            problems.add("action is required (ACCEPT, DROP or REJECT)");
        } else if (!ACTIONS.contains(action)) {
            problems.add("action '" + action + "' is not one of ACCEPT, DROP, REJECT");
        }
        if (proto != null && !PROTOS.contains(proto)) {
            problems.add("proto '" + proto + "' is not one of tcp, udp");
        }
        return new PhoenixRule(at, type, action, JsonDocument.text(r, "source"), JsonDocument.text(r, "dest"), proto,
                JsonDocument.text(r, "port"), JsonDocument.text(r, "iface"), JsonDocument.text(r, "comment"),
                JsonDocument.text(r, "log_level"), problems, unknown);
    }

    private static String kind(JsonNode v) {
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return v.isArray() ? "an array" : "an object";
    }
}
