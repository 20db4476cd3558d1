package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.cli.output.Terminal;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
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

    /**
     * A table of {@code label -> counts}, in the API's (sorted) order; with a column of the lines without an action
     * when a row has any (a security group's rule logs none), whose row would otherwise read all zeros.
     */
    static TextTable table(String label, JsonNode byLabel) {
        boolean unknown = false;
        for (JsonNode c : byLabel) {
            unknown |= c.path("unknown").asLong() > 0;
        }
        TextTable table = table(unknown, label);
        for (Iterator<Map.Entry<String, JsonNode>> it = byLabel.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            row(table, unknown, e.getKey(), e.getValue());
        }
        return table;
    }

    /** An empty table with a first column {@code label} and the counts' columns, {@code no action} too when asked. */
    static TextTable table(boolean unknown, String label) {
        return unknown ? new TextTable(label, "drops", "rejects", "accepts", "no action")
                : new TextTable(label, "drops", "rejects", "accepts");
    }

    /** A row of {@code c} in a table made by {@link #table(boolean, String)}. */
    static void row(TextTable table, boolean unknown, String key, JsonNode c) {
        if (unknown) {
            table.row(key, c.path("drops").asLong(), c.path("rejects").asLong(), c.path("accepts").asLong(),
                    c.path("unknown").asLong());
        } else {
            table.row(key, c.path("drops").asLong(), c.path("rejects").asLong(), c.path("accepts").asLong());
        }
    }

    /**
     * A line that says why the range starts later than asked, when the API cut it to the buckets it still keeps
     * ({@code range.cut}: minute buckets over more than 6 h, hour buckets over more than 7 days), and for minute
     * buckets how to get the rest.
     */
    static void cut(PrintWriter out, JsonNode range) {
        if (range.path("cut").isTextual()) {
            out.printf("  note: %s%s%n", Terminal.visible(range.path("cut").asText()),
                    range.path("resolution").asText().equalsIgnoreCase("minute") ? " (--resolution hour)" : "");
        }
    }
}
