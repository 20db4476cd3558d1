package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One firewall rule as the Phoenix JSON declares it (global, per guest, or a stack's), values as
 * written. A value that is not a string (a numeric {@code port}) is kept as its text; what breaks
 * the Phoenix schema is listed in {@code schemaProblems}.
 *
 * @param at where the rule object is
 * @param logLevel the {@code log_level} property droptrace proposes; no Phoenix generator reads it
 * @param schemaProblems values outside the schema ({@code proto: icmp}, a numeric port, a missing type)
 * @param unknownKeys keys the schema does not declare ({@code comment} is used everywhere and not listed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhoenixRule(JsonLocation at, String type, String action, String source, String dest, String proto,
        String port, String iface, String comment, String logLevel, List<String> schemaProblems,
        List<String> unknownKeys) {

    public PhoenixRule {
        Objects.requireNonNull(at, "at");
        schemaProblems = schemaProblems == null ? List.of() : List.copyOf(schemaProblems);
        unknownKeys = unknownKeys == null ? List.of() : List.copyOf(unknownKeys);
    }

    /** A rule droptrace proposes (no location yet, no problems). */
    public static PhoenixRule proposed(JsonLocation at, String type, String action, String source, String dest,
            String proto, String port, String comment) {
        return new PhoenixRule(at, type, action, source, dest, proto, port, null, comment, null, List.of(), List.of());
    }

    public boolean isIn() {
        return "in".equalsIgnoreCase(type);
    }

    public boolean isOut() {
        return "out".equalsIgnoreCase(type);
    }

    /** ACCEPT, DROP or REJECT in upper case, or what was written. */
    public String actionUpper() {
        return action == null ? "" : action.toUpperCase(Locale.ROOT);
    }

    public boolean blocks() {
        return actionUpper().equals("DROP") || actionUpper().equals("REJECT");
    }

    public PhoenixRule withLocation(JsonLocation where) {
        return new PhoenixRule(where, type, action, source, dest, proto, port, iface, comment, logLevel, schemaProblems,
                unknownKeys);
    }

    /** The rule as one JSON object on one line, in the site's key order. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{");
        field(b, "type", type);
        field(b, "action", action);
        field(b, "iface", iface);
        field(b, "source", source);
        field(b, "dest", dest);
        field(b, "proto", proto);
        field(b, "port", port);
        field(b, "log_level", logLevel);
        field(b, "comment", comment);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        if (value == null) {
            return;
        }
        if (b.length() > 1) {
            b.append(", ");
        }
        b.append('"').append(key).append("\": \"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
