package ai.thinkheads.droptrace.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The line where a path of a document ({@code probes[3].tls.servername}) is written. Jackson reads a record's
 * keys before it builds it, so an unknown key or a rule of the record is reported where the record ends, which
 * in a block mapping is lines below the key; this finds the key itself by reading the document again.
 */
final class KeyLines {

    private KeyLines() {
    }

    /** The line of the last element of {@code path} in {@code text}, read with {@code mapper}'s format. */
    static OptionalInt lineOf(ObjectMapper mapper, String text, List<JsonMappingException.Reference> path) {
        if (path.isEmpty()) {
            return OptionalInt.empty();
        }
        try (JsonParser p = mapper.createParser(text)) {
            List<String> at = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            List<String> wanted = path.stream().map(KeyLines::step).toList();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (!index.isEmpty() && index.get(index.size() - 1) >= 0 && t != JsonToken.END_ARRAY) {
                    int i = index.get(index.size() - 1);
                    at.set(at.size() - 1, "[" + i + "]");
                    index.set(index.size() - 1, i + 1);
                    if (at.equals(wanted)) {
                        return OptionalInt.of(p.currentTokenLocation().getLineNr());
                    }
                }
                switch (t) {
                    case FIELD_NAME -> {
                        at.set(at.size() - 1, p.currentName());
                        if (at.equals(wanted)) {
                            return OptionalInt.of(p.currentTokenLocation().getLineNr());
                        }
                    }
                    case START_OBJECT -> {
                        at.add(null);
                        index.add(-1);
                    }
                    case START_ARRAY -> {
                        at.add(null);
                        index.add(0);
                    }
                    case END_OBJECT, END_ARRAY -> {
                        at.remove(at.size() - 1);
                        index.remove(index.size() - 1);
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The document did not read twice the same way: keep Jackson's own location.
        }
        return OptionalInt.empty();
    }

    private static String step(JsonMappingException.Reference ref) {
        return ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]";
    }
}
