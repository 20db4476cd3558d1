package ai.thinkheads.droptrace.probes.config;

import ai.thinkheads.droptrace.core.json.ConfigText;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.json.MappingErrors;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Reads a probe configuration from YAML, strictly: an unknown key, a wrong type or an invalid value
 * is a {@link ConfigException} whose one-line message names the file, the path in the document
 * ({@code probes[3].tls.serverName}) and the reason.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // port: 8443.5 is a typo to point at, not port 8443
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // a key given twice is an error with its line, not the last one winning silently (as for `up`)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            // an empty entry (a '-' left alone, a key with nothing under it) fails where it is, with its path and line,
            // not in List.copyOf or Map.copyOf as an exception without a message ("invalid value")
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .addModule(new SimpleModule("droptrace-durations").addDeserializer(Duration.class, new Durations.Deserializer()))
            .build();

    private ConfigLoader() {
    }

    /** Reads and cross-checks a configuration file into a plan. */
    public static ProbePlan load(Path file) {
        String text;
        try {
            text = ConfigText.read(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return ProbePlan.of(parse(text, file.toString()).withTrustFilesIn(dir), file.toString());
    }

    /** Parses YAML text; {@code origin} names it in error messages. */
    public static ProbeConfig parse(String yaml, String origin) {
        try (JsonParser parser = YAML.createParser(yaml)) {
            // no document at all (nothing, or comments only) is not Jackson's "no content to map"
            if (parser.nextToken() == null) {
                throw new ConfigException(origin + ": the file is empty");
            }
            // an alias, a key with nothing after it, a second document: each read as something else without a word
            // (probes: alone is a configuration without probes, which probe run and doctor refuse in their words)
            StrictYaml.problem(YAML, yaml, "a probe configuration", Set.of("probes")).ifPresent(problem -> {
                throw new ConfigException(origin + ": " + problem);
            });
            ProbeConfig config = YAML.readValue(parser, ProbeConfig.class);
            if (config == null) {
                throw new ConfigException(origin + ": the file is empty");
            }
            return config;
        } catch (JacksonException e) {
            throw new ConfigException(origin + ": " + MappingErrors.describe(e, YAML, yaml), e);
        } catch (IOException e) {
            throw new ConfigException(origin + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
