package ai.thinkheads.droptrace.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class MappingErrorsTest {

    enum Kind { TCP, UDP }

    record Inner(String name) {
    }

    record Outer(Integer port, Kind kind, List<String> items, Inner inner, Boolean enabled) {
        Outer {
            if (port != null && port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, was " + port);
            }
        }
    }

    record Section(Integer udp, Integer tcp, Inner inner) {
        Section {
            if (udp == null && tcp == null) {
                throw new IllegalArgumentException("a section needs a udp or a tcp port");
            }
        }
    }

    record Sections(List<Section> sections) {
    }

    record Listener(Integer udp) {
        Listener {
            if (udp != null && udp > 65535) {
                throw new IllegalArgumentException("syslog.udp must be 0-65535");
            }
        }
    }

    record Site(Listener syslog) {
    }

    record Stamped(String kind, Instant time) {
        Stamped {
            Objects.requireNonNull(kind, "kind");
        }
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private String error(String json) {
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(json, Outer.class));
        assertThat(e).as("no error for %s", json).isNotNull();
        return MappingErrors.describe(e);
    }

    @Test
    void a_value_of_the_wrong_kind_is_named_in_the_files_terms_with_its_path_and_line() {
        // When / Then
        assertThat(error("{\"port\": \"abc\"}")).isEqualTo("port: 'abc' is not a number (line 1)");
        assertThat(error("{\"kind\": \"sctp\"}")).isEqualTo("kind: 'sctp' is not one of tcp, udp (line 1)");
        assertThat(error("{\"items\": {\"a\": 1}}")).startsWith("items: expected a list");
        assertThat(error("{\"inner\": [1]}")).startsWith("inner: expected a section of keys");
        assertThat(error("{\"enabled\": [true]}")).startsWith("enabled: expected true or false");
    }

    @Test
    void a_json_record_is_told_in_its_own_terms_without_line_numbers() {
        // Given
        ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
        // When
        JacksonException missing = catchThrowableOfType(JacksonException.class,
                () -> json.readValue("{\"time\":\"2025-11-21T10:00:00Z\"}", Stamped.class));
        JacksonException badTime = catchThrowableOfType(JacksonException.class,
                () -> json.readValue("{\"kind\":\"tcp\",\"time\":\"yesterday\"}", Stamped.class));
        JacksonException garbage = catchThrowableOfType(JacksonException.class, () -> json.readValue("garbage", Stamped.class));
        // Then
        assertThat(MappingErrors.describeJson(missing)).isEqualTo("'kind' is required");
        assertThat(MappingErrors.describeJson(badTime)).isEqualTo("time: 'yesterday' is not a time such as 2025-11-21T10:00:00Z");
        assertThat(MappingErrors.describeJson(garbage)).startsWith("not valid JSON: Unrecognized token 'garbage'")
                .doesNotContain("line");
    }

    @Test
    void no_message_names_a_java_class_or_a_parser_token() {
        // Given
        List<String> inputs = List.of("{\"port\": \"abc\"}", "{\"kind\": 3.5}", "{\"items\": {\"a\": 1}}",
                "{\"inner\": 7}", "{\"enabled\": {}}");
        // When / Then
        for (String input : inputs) {
            assertThat(error(input)).as(input).doesNotContain("java.", "Token", "`", "Cannot ", "ai.thinkheads");
        }
    }

    @Test
    void an_unknown_key_is_named_with_the_section_it_is_in() {
        // When / Then
        assertThat(error("{\"inner\": {\"nmae\": \"x\"}}")).isEqualTo("unknown key 'nmae' in inner (line 1)");
        assertThat(error("{\"prot\": 1}")).isEqualTo("unknown key 'prot' at the top level (line 1)");
    }

    @Test
    void a_rule_of_the_record_itself_keeps_its_own_message() {
        // When / Then
        assertThat(error("{\"port\": 70000}")).isEqualTo("port must be 1-65535, was 70000 (line 1)");
    }

    @Test
    void an_unknown_key_is_named_before_a_rule_of_its_record_that_it_broke_as_a_misspelt_key() {
        // Given a required key misspelt: Jackson builds the record (whose rule fails) before it looks at unknown keys
        String text = "{\"sections\": [\n {\"tcp\": 1},\n {\"upd\": 5514,\n  \"inner\": {\"name\": \"x\"}}\n]}";
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(text, Sections.class));
        // When / Then
        assertThat(MappingErrors.describe(e, mapper, text)).isEqualTo("unknown key 'upd' in sections[1] (line 3)");
        String kept = "{\"sections\": [{\"inner\": {\"name\": \"x\"}}]}";
        JacksonException rule = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(kept, Sections.class));
        assertThat(MappingErrors.describe(rule, mapper, kept)).isEqualTo("sections[0]: a section needs a udp or a tcp port (line 1)");
    }

    @Test
    void a_rule_that_names_its_key_by_its_whole_path_is_not_prefixed_with_the_path_again() {
        // Given: a record's rule whose message names its key as the file writes it (up's "syslog.udp must be ...")
        String text = "{\"syslog\":\n {\"udp\": 70000}}";
        JacksonException e = catchThrowableOfType(JacksonException.class, () -> mapper.readValue(text, Site.class));
        // When / Then: before, "syslog: syslog.udp must be 0-65535"
        assertThat(MappingErrors.describe(e, mapper, text)).startsWith("syslog.udp must be 0-65535 (line ");
    }

    @Test
    void broken_syntax_is_one_line_with_where_it_broke() {
        // When
        String message = error("{\"port\": 1,\n \"kind\": }");
        // Then
        assertThat(message).startsWith("not valid YAML: ").endsWith("(line 2)").doesNotContain("\n");
    }
}
