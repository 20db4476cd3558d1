package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One line a Phoenix generator writes, and the JSON it comes from.
 *
 * @param line 1-based line number in its file
 * @param declaredAt the JSON value that made the generator write it, {@code null} for fixed text
 *     (blank lines, section headers the generator always writes)
 * @param writer which part of the generator writes it ({@code hypervisor_feature_setup_firewall.sh},
 *     {@code lxc-manager.sh (pvesh)}, {@code vm-manager.sh})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratedLine(int line, String text, JsonLocation declaredAt, String writer) {

    public GeneratedLine {
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive, was " + line);
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(writer, "writer");
    }
}
