package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Where something is declared in the Phoenix configuration: a file relative to the {@code etc/}
 * folder, the line, and for JSON files the jq-style path ({@code .lxc_configs["102"].firewall.rules[0]}).
 *
 * @param file {@code phoenix_lxc_configs.json}, {@code nginx/sites-available/gateway}, or
 *     {@code ../stacks/portainer_service/phoenix.json}
 * @param path the jq path inside a JSON file, or {@code null} for a text file
 * @param line 1-based line, 0 when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonLocation(String file, String path, int line) {

    public JsonLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative, was " + line);
        }
    }

    /** {@code phoenix_lxc_configs.json:57 .lxc_configs["102"].firewall.rules[0]}. */
    @JsonIgnore
    public String describe() {
        String where = line > 0 ? file + ":" + line : file;
        return path == null ? where : where + " " + path;
    }

    /** The jq path of member {@code key} of the object at {@code parent}. */
    public static String member(String parent, String key) {
        String base = parent == null || parent.equals(".") ? "" : parent;
        if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return base + "." + key;
        }
        return (base.isEmpty() ? "." : base) + "[\"" + key.replace("\"", "\\\"") + "\"]";
    }

    /** The jq path of element {@code index} of the array at {@code parent}. */
    public static String element(String parent, int index) {
        String base = parent == null || parent.equals(".") ? "." : parent;
        return base + "[" + index + "]";
    }
}
