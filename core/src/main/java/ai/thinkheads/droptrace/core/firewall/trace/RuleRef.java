package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A rule line as the answer names it: where it is, what it says, and the iptables chain it
 * compiles into.
 *
 * @param file path relative to the configuration directory ({@code firewall/102.fw})
 * @param line 1-based line number
 * @param section {@code RULES} or {@code group <name>}
 * @param text the rule as written
 * @param chain the chain it compiles into ({@code veth102i0-IN}, {@code PVEFW-HOST-IN}, {@code GROUP-web-IN})
 * @param log its {@code -log} level; {@link LogLevel#NOLOG} when it has none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleRef(String file, int line, String section, String text, String chain, LogLevel log) {

    public RuleRef {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(chain, "chain");
        log = log == null ? LogLevel.NOLOG : log;
    }

    /** {@code firewall/102.fw:7}. */
    @JsonIgnore
    public String location() {
        return file + ":" + line;
    }

    public RuleRef inChain(String otherChain) {
        return new RuleRef(file, line, section, text, otherChain, log);
    }
}
