package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.core.json.ConfigText;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.MappingErrors;
import ai.thinkheads.droptrace.probes.config.StrictYaml;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.TypeConversionException;

/** Reads an {@code up} configuration strictly; every problem is one line naming the file and the key. */
final class UpConfigLoader {

    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a key given twice is an error with its line, not the last one winning silently
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // port: 9092.5 is a typo to point at, not port 9092 (as in a probe configuration)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            // a '-' left alone in a list fails where it is, with its path and line, not in List.copyOf as "invalid value"
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .addModule(new SimpleModule("droptrace-up-durations").addDeserializer(Duration.class, new DurationText()))
            .build();

    private UpConfigLoader() {
    }

    /** Durations as the command line's options read them: {@code 500ms}, {@code 90s}, {@code 1h30m}, {@code 2d}, {@code PT1H}. */
    private static final class DurationText extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<Duration> {
        DurationText() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(com.fasterxml.jackson.core.JsonParser p,
                com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
            try {
                return DurationConverter.parse(p.getValueAsString());
            } catch (TypeConversionException e) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }

    /** The configuration, or an {@link IllegalArgumentException} whose message is one line. */
    static UpConfig load(Path file) {
        String text;
        try {
            text = ConfigText.read(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException(file + ": the file is empty");
        }
        try {
            requireNoEmptyKey(file, text);
            // an alias, a key with nothing after it, a second document: each read as something else without a word
            StrictYaml.problem(YAML, text, "an up configuration").ifPresent(problem -> {
                throw new IllegalArgumentException(file + ": " + problem);
            });
            UpConfig config = YAML.readValue(text, UpConfig.class);
            if (config == null) {
                throw new IllegalArgumentException(file + ": the file is empty");
            }
            return config;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": " + MappingErrors.describe(e, YAML, text));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * A top-level key written without a value ({@code syslog:} and nothing under it) reads as one left
     * out: an error instead, so a section given is never silently ignored.
     */
    private static void requireNoEmptyKey(Path file, String text) throws IOException {
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return; // not a mapping: the mapper says so
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = p.currentLocation().getLineNr();
                if (p.nextToken() == JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException(file + ": " + key + " is empty (line " + line
                            + "): give its keys, or leave it out");
                }
                p.skipChildren();
            }
        }
    }
}
