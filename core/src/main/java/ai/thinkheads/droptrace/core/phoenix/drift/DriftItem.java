package ai.thinkheads.droptrace.core.phoenix.drift;

import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One difference between declared and live state.
 *
 * @param declaredAt the JSON behind the declared side, or {@code null}
 * @param declared the declared {@code .fw} file:line and text ({@code firewall/102.fw:5 IN ACCEPT ...}), or {@code null}
 * @param live the live file:line and text, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftItem(DriftKind kind, String file, String message, JsonLocation declaredAt, String declared,
        String live) {

    public DriftItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }
}
