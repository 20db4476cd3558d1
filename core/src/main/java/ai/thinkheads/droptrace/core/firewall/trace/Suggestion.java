package ai.thinkheads.droptrace.core.firewall.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A concrete change to the configuration.
 *
 * @param summary what to do, in one sentence
 * @param file the file to change
 * @param line the line to change; for a line to be added ({@code before} {@code null}), the line it goes above, or
 *     {@code null} when it goes at the end (of {@code [RULES]} for a rule)
 * @param before the line as it is now, or {@code null} when one is added
 * @param after the line as it should be, or {@code null} when the change cannot be written as one line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suggestion(String summary, String file, Integer line, String before, String after) {

    public Suggestion {
        Objects.requireNonNull(summary, "summary");
    }
}
