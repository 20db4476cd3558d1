package ai.thinkheads.droptrace.core.firewall.logging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * The change to one file: its lines before and after (not in JSON), the unified diff, and what each edit is for.
 *
 * @param path relative to the configuration directory
 * @param created true when the file does not exist yet
 * @param changes one line per edit, {@code firewall/102.fw:3: log_level_in: info (policy_in DROP)}
 */
public record FileChange(String path, boolean created, @JsonIgnore List<String> before, @JsonIgnore List<String> after,
        String diff, List<String> changes) {

    public FileChange {
        Objects.requireNonNull(path, "path");
        before = List.copyOf(before);
        after = List.copyOf(after);
        Objects.requireNonNull(diff, "diff");
        changes = List.copyOf(changes);
    }
}
