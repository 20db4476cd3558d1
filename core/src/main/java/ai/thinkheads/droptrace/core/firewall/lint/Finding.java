package ai.thinkheads.droptrace.core.firewall.lint;

import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One finding of {@code droptrace rules check}.
 *
 * @param code a stable identifier ({@code parse}, {@code rule-error}, {@code shadowed}, ...)
 * @param file the file, relative to the configuration directory
 * @param line 1-based line, 0 for the file as a whole
 * @param text the line as written, or empty
 * @param suggestion what to do, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(Severity severity, String code, String file, int line, String text, String message,
        String suggestion) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        text = text == null ? "" : text;
    }

    /** {@code firewall/102.fw:7}; the file alone ({@code firewall/102.fw}) for a finding about the file as a whole. */
    public String location() {
        return ParseWarning.location(file, line);
    }
}
