package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a {@code firewall} object: the global one or a guest's. */
final class FirewallSectionReader {

    /** What the generators read, and the logging properties droptrace proposes (which they do not read yet). */
    static final Set<String> GLOBAL_KEYS = Set.of("enabled", "default_input_policy", "default_output_policy",
            "global_firewall_rules", "log_level_in", "log_level_out");
    static final Set<String> GUEST_KEYS = Set.of("enabled", "rules", "log_level_in", "log_level_out");

    private FirewallSectionReader() {
    }

    static FirewallSection read(JsonDocument doc, String path, JsonNode fw, boolean global, List<ParseWarning> warnings) {
        Boolean enabled = null;
        JsonNode e = fw.get("enabled");
        String enabledPath = JsonLocation.member(path, "enabled");
        if (e != null && !e.isNull()) {
            if (e.isBoolean()) {
                enabled = e.booleanValue();
            } else {
                enabled = "true".equals(e.asText());
                warnings.add(new ParseWarning(doc.file(), doc.index().line(enabledPath), "", enabledPath
                        + " is not a boolean (" + e + "); read as " + enabled + ", as jq's string comparison does"));
            }
        }
        String rulesKey = global ? "global_firewall_rules" : "rules";
        String rulesPath = JsonLocation.member(path, rulesKey);
        List<PhoenixRule> rules = RuleReader.read(doc, rulesPath, fw.get(rulesKey), warnings);
        String in = global ? JsonDocument.text(fw, "default_input_policy") : null;
        String out = global ? JsonDocument.text(fw, "default_output_policy") : null;
        return new FirewallSection(doc.at(path), enabled, e == null ? null : doc.at(enabledPath), in,
                in == null ? null : doc.at(JsonLocation.member(path, "default_input_policy")), out,
                out == null ? null : doc.at(JsonLocation.member(path, "default_output_policy")),
                JsonDocument.text(fw, "log_level_in"), JsonDocument.text(fw, "log_level_out"), doc.at(rulesPath), rules,
                unknownKeys(doc, path, fw, global ? GLOBAL_KEYS : GUEST_KEYS));
    }

    private static List<FirewallSection.UnknownKey> unknownKeys(JsonDocument doc, String path, JsonNode fw, Set<String> known) {
        List<FirewallSection.UnknownKey> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fw.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                out.add(new FirewallSection.UnknownKey(e.getKey(), doc.at(JsonLocation.member(path, e.getKey())),
                        e.getValue().isArray() ? e.getValue().size() : -1));
            }
        }
        return out;
    }
}
