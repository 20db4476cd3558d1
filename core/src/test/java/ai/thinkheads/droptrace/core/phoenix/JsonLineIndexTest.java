package ai.thinkheads.droptrace.core.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonLineIndexTest {

    @Test
    void every_value_has_its_line_column_and_first_member_under_its_jq_path() {
        // Given
        String text = "{\n  \"lxc_configs\": {\n    \"101\": {\"firewall\": {\"rules\": [\n      {\"type\": \"in\"},\n"
                + "      {}\n    ]}}\n  },\n  \"a b\": 1\n}\n";

        // When
        JsonLineIndex index = JsonLineIndex.of(text);

        // Then
        assertThat(index.line(".lxc_configs[\"101\"].firewall.rules[0]")).isEqualTo(4);
        assertThat(index.line(".lxc_configs[\"101\"].firewall.rules[0].type")).isEqualTo(4);
        assertThat(index.span(".lxc_configs[\"101\"].firewall.rules[1]").orElseThrow().children()).isZero();
        JsonLineIndex.Span rules = index.span(".lxc_configs[\"101\"].firewall.rules").orElseThrow();
        assertThat(rules.line()).isEqualTo(3);
        assertThat(rules.firstChildLine()).isEqualTo(4);
        assertThat(rules.endLine()).isEqualTo(6);
        assertThat(index.line(".[\"a b\"]")).isEqualTo(8);
        assertThat(index.line(".missing")).isZero();
        assertThat(JsonLineIndex.of("{ not json").line(".")).isZero();
    }

    @Test
    void a_key_written_twice_is_indexed_where_its_last_value_is_as_jq_and_jackson_read_it() {
        // Given
        String text = "{\"lxc_configs\": {\n  \"103\": {\"name\": \"old copy\"},\n  \"103\": {\"name\": \"Step-CA\"}\n}}\n";

        // When
        JsonLineIndex index = JsonLineIndex.of(text);

        // Then
        assertThat(index.line(".lxc_configs[\"103\"]")).isEqualTo(3);
        assertThat(index.line(".lxc_configs[\"103\"].name")).isEqualTo(3);
        assertThat(index.duplicates()).containsExactly(new JsonLineIndex.Duplicate(".lxc_configs[\"103\"]", 2, 3));
    }
}
