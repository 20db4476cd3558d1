package ai.thinkheads.droptrace.ingest.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The conformance data of other projects in {@code ../shared/data/peer}; tests skip, saying so, when it is absent. */
final class PeerData {

    private PeerData() {
    }

    static Path folder(String name) {
        String shared = System.getProperty("droptrace.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "data", "peer", name);
        assumeTrue(dir != null && Files.isDirectory(dir),
                "skipped: peer conformance data " + name + " not found (system property droptrace.shared.dir="
                        + shared + ")");
        return dir;
    }

    static List<JsonNode> jsonLines(Path file) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    rows.add(Json.events().readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Prints a count line that shows in the test output (and so in the CI log). */
    static void report(String line) {
        System.out.println("[conformance] " + line);
    }
}
