package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.json.MappingErrors;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Jackson's YAML reading passes over without a word, found in the text before it is mapped: an alias
 * ({@code *name}), which it reads as the text {@code name} instead of the value of {@code &name}; a key written with
 * nothing after it ({@code interval:}), which a record takes as a key left out, its default; an integer with a leading
 * zero ({@code port: 0443}), which it reads as octal (291); and a second document after {@code ---}, which it never
 * reads. Shared by the probe configuration and {@code droptrace up}'s.
 */
public final class StrictYaml {

    /** An integer YAML 1.1 reads as octal: a leading zero and octal digits ({@code 0443}, {@code -017}). */
    private static final Pattern OCTAL = Pattern.compile("[-+]?0[0-7_]+");

    private StrictYaml() {
    }

    /**
     * The first such problem of {@code yaml} as one line ({@code probes[1].to: ... (line 5)}), or empty; {@code what}
     * names the file's kind in the words of the second-document error ({@code a probe configuration}). A syntax error
     * is Jackson's exception, as the mapping would have thrown it.
     */
    public static Optional<String> problem(ObjectMapper mapper, String yaml, String what) throws IOException {
        return problem(mapper, yaml, what, Set.of());
    }

    /** As above; the top-level keys in {@code mayBeEmpty} may be written with nothing after them (their commands say so). */
    public static Optional<String> problem(ObjectMapper mapper, String yaml, String what, Set<String> mayBeEmpty)
            throws IOException {
        try (JsonParser parser = mapper.createParser(yaml)) {
            boolean first = true;
            int depth = 0;
            int keyLine = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (depth == 0) {
                    // a document: the first is the file; after it, only empty ones (a closing ---) leave nothing out
                    if (!first && token != JsonToken.VALUE_NULL) {
                        int line = markerLine(yaml, parser.currentTokenLocation().getLineNr());
                        return Optional.of("a second YAML document begins at line " + line + " ('---'), and " + what
                                + " is one document: merge its keys into the first, or remove it");
                    }
                    first = false;
                }
                depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                if (token == JsonToken.FIELD_NAME) {
                    keyLine = parser.currentTokenLocation().getLineNr();
                } else if (parser instanceof YAMLParser y && y.isCurrentAlias()) {
                    return Optional.of(path(parser) + ": *" + parser.getText() + " is a YAML alias, which droptrace "
                            + "does not expand (it would read the text '" + parser.getText() + "', not the value of &"
                            + parser.getText() + "): write the value out" + line(parser.currentTokenLocation().getLineNr()));
                } else if (token == JsonToken.VALUE_NUMBER_INT && OCTAL.matcher(parser.getText()).matches()
                        && !parser.getText().matches("[-+]?0+")) {
                    // YAML 1.1 reads 0443 as octal, 291, yet 08080 as 8080: a port or vmid with a leading zero changed
                    return Optional.of(path(parser) + ": " + parser.getText() + " has a leading zero, which YAML reads as "
                            + "an octal number (" + parser.getBigIntegerValue() + "): write it without the zero"
                            + line(parser.currentTokenLocation().getLineNr()));
                } else if (token == JsonToken.VALUE_NULL && parser.getParsingContext().inObject()
                        && !(depth == 1 && mayBeEmpty.contains(parser.currentName()))) {
                    // read as a key left out, its default would be taken without a word
                    return Optional.of(path(parser) + ": is empty: an entry with nothing in it" + line(keyLine));
                }
            }
        }
        return Optional.empty();
    }

    private static String path(JsonParser parser) {
        return MappingErrors.path(parser.getParsingContext());
    }

    private static String line(int line) {
        return line < 1 ? "" : " (line " + line + ")";
    }

    /** The line of the {@code ---} that opens the document whose first token is on {@code tokenLine}. */
    private static int markerLine(String yaml, int tokenLine) {
        String[] lines = yaml.split("\n", -1);
        for (int i = Math.min(tokenLine, lines.length) - 1; i >= 0; i--) {
            if (lines[i].startsWith("---")) {
                return i + 1;
            }
        }
        return tokenLine;
    }
}
