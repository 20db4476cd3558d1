package ai.thinkheads.droptrace.core.phoenix;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One file a Phoenix generator writes under {@code /etc/pve}.
 *
 * @param path relative to {@code /etc/pve}: {@code firewall/cluster.fw}, {@code firewall/102.fw},
 *     {@code firewall/phoenix.fw}
 * @param readByProxmox false for a file pve-firewall never reads (the host file the newer
 *     generator writes to {@code firewall/<hostname>.fw})
 * @param note why the file is as it is, in one sentence, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratedFile(String path, boolean readByProxmox, String note, List<GeneratedLine> lines) {

    public GeneratedFile {
        Objects.requireNonNull(path, "path");
        lines = List.copyOf(lines);
    }

    /** The file's text as the generator writes it (one line per line, ending with a newline unless empty). */
    @JsonIgnore
    public String text() {
        StringBuilder b = new StringBuilder();
        lines.forEach(l -> b.append(l.text()).append('\n'));
        return b.toString();
    }

    public Optional<GeneratedLine> line(int number) {
        return number >= 1 && number <= lines.size() ? Optional.of(lines.get(number - 1)) : Optional.empty();
    }
}
