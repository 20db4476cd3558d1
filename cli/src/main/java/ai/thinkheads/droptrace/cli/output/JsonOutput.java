package ai.thinkheads.droptrace.cli.output;

import ai.thinkheads.droptrace.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Prints JSON with the shared mapper: one pretty document, or one compact document per line. */
public final class JsonOutput {

    private JsonOutput() {
    }

    public static void document(PrintWriter out, Object value) {
        try {
            out.println(Json.events().writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON output", e);
        }
    }

    public static void line(PrintWriter out, Object value) {
        try {
            out.println(Json.events().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON output", e);
        }
    }
}
