package ai.thinkheads.droptrace.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The first key of a record's mapping that the record does not have. Jackson builds a record from all its keys before
 * it looks at the unknown ones, so a required key misspelt ({@code upd: 5514} for {@code udp}) fails the record's own
 * rule ("needs a udp or a tcp port") and the misspelling is never named; this finds it by reading the document again.
 */
final class UnknownKeys {

    private UnknownKeys() {
    }

    /** The unknown key of the record {@code e} could not build, or empty when it has none (or the text will not say). */
    static Optional<String> of(ValueInstantiationException e, ObjectMapper mapper, String text) {
        JavaType type = e.getType();
        if (type == null || !type.isRecordType()
                || !mapper.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(text);
            for (JsonMappingException.Reference ref : e.getPath()) {
                node = node == null ? null : ref.getFieldName() != null ? node.get(ref.getFieldName())
                        : node.get(ref.getIndex());
            }
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            Set<String> known = mapper.getDeserializationConfig().introspect(type).findProperties().stream()
                    .map(BeanPropertyDefinition::getName).collect(Collectors.toSet());
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    return Optional.of(name);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // The document did not read twice the same way: keep the record's own message.
        }
        return Optional.empty();
    }
}
