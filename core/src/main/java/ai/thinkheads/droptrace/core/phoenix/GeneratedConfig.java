package ai.thinkheads.droptrace.core.phoenix;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Phoenix generator writes for a site: every file, every line, and for every line the JSON
 * it comes from, so any answer about a {@code .fw} line can name the JSON to change.
 */
public record GeneratedConfig(Generator generator, String node, List<GeneratedFile> files) {

    /** A generated line with its file. */
    public record Placement(String file, int line, String text) {
        /** {@code firewall/102.fw:7}. */
        public String location() {
            return file + ":" + line;
        }
    }

    public GeneratedConfig {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(node, "node");
        files = List.copyOf(files);
    }

    public Optional<GeneratedFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** The JSON that line {@code line} of {@code path} comes from. */
    public Optional<JsonLocation> declaredAt(String path, int line) {
        return file(path).flatMap(f -> f.line(line)).map(GeneratedLine::declaredAt);
    }

    /** Every line written from the JSON value at {@code at} (a rule may land in two files). */
    public List<Placement> placements(JsonLocation at) {
        List<Placement> out = new ArrayList<>();
        for (GeneratedFile f : files) {
            for (GeneratedLine l : f.lines()) {
                JsonLocation d = l.declaredAt();
                if (d != null && d.file().equals(at.file()) && Objects.equals(d.path(), at.path())) {
                    out.add(new Placement(f.path(), l.line(), l.text()));
                }
            }
        }
        return out;
    }

    /** Where the rule at {@code at} lands, preferring the file of guest {@code vmid} (0: cluster.fw first). */
    public Optional<Placement> placement(JsonLocation at, int vmid) {
        List<Placement> all = placements(at);
        String own = vmid > 0 ? "firewall/" + vmid + ".fw" : "firewall/cluster.fw";
        return all.stream().filter(p -> p.file().equals(own)).findFirst().or(() -> all.stream().findFirst());
    }
}
