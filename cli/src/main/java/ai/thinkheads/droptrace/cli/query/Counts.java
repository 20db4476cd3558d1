package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.output.TextTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Renders action counts as the query API writes them ({@code accepts}, {@code drops}, {@code rejects}, {@code unknown}). */
final class Counts {

    private Counts() {
    }

    static String sentence(JsonNode c) {
        return c.path("drops").asLong() + " dropped, " + c.path("rejects").asLong() + " rejected, "
                + c.path("accepts").asLong() + " accepted"
                + (c.path("unknown").asLong() > 0 ? ", " + c.path("unknown").asLong() + " without an action" : "");
    }

    /** A table of {@code label -> counts}, in the API's (sorted) order. */
    static TextTable table(String label, JsonNode byLabel) {
        TextTable table = new TextTable(label, "drops", "rejects", "accepts");
        for (Iterator<Map.Entry<String, JsonNode>> it = byLabel.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode c = e.getValue();
            table.row(e.getKey(), c.path("drops").asLong(), c.path("rejects").asLong(), c.path("accepts").asLong());
        }
        return table;
    }
}
