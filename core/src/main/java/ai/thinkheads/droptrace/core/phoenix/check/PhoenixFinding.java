package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One Phoenix finding: where it is declared (JSON path, or the application configuration line),
 * the {@code .fw} line it becomes, what is wrong, what it breaks, and the fix.
 *
 * @param code a stable identifier ({@code guest-rule-in-cluster-fw}, {@code port-mismatch}, ...)
 * @param declaredAt the JSON (or configuration file line) to change; {@code null} when the generator itself is at fault
 * @param fwFile the generated {@code .fw} file, {@code null} when nothing is generated
 * @param fwLine the line in it, 0 for the file as a whole
 * @param fwText that line as written, or empty
 * @param fixJson the JSON to write (a rule, or a property), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhoenixFinding(Severity severity, FailureClass failureClass, String code, JsonLocation declaredAt,
        String fwFile, int fwLine, String fwText, String message, String breaks, String fix, String fixJson) {

    public PhoenixFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(failureClass, "failureClass");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        fwText = fwText == null ? "" : fwText;
    }

    /** {@code firewall/102.fw:7}, or {@code firewall/900.fw} for the whole file, or {@code null}. */
    @JsonIgnore
    public String fwLocation() {
        return fwFile == null ? null : fwLine > 0 ? fwFile + ":" + fwLine : fwFile;
    }
}
