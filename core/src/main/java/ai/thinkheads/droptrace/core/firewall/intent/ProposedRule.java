package ai.thinkheads.droptrace.core.firewall.intent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * The smallest rule to add so that a blocked path gets through, in the terms of the configuration
 * it came from: the {@code .fw} line and file, and for a Phoenix site the JSON rule and where it goes.
 *
 * @param file the {@code .fw} file the line lands in
 * @param fwLine the rule as a {@code .fw} line
 * @param jsonFile the Phoenix JSON file to change, or {@code null}
 * @param jsonPath where the JSON rule goes ({@code .lxc_configs["102"].firewall.rules[2]}), or {@code null}
 * @param json the JSON rule, or {@code null}
 * @param where where to put it, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProposedRule(String file, String fwLine, String jsonFile, String jsonPath, String json, String where) {

    public ProposedRule {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fwLine, "fwLine");
        Objects.requireNonNull(where, "where");
    }
}
