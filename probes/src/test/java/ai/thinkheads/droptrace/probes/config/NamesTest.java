package ai.thinkheads.droptrace.probes.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void the_problem_of_a_name_that_is_not_a_label_set_is_the_character_or_the_rule_it_breaks() {
        assertThat(Names.labelSetProblem("dns-zurich.example")).isNull();
        assertThat(Names.labelSetProblem("dns-z\u00fcrich")).isEqualTo("'\u00fc' (U+00FC) is not one");
        assertThat(Names.labelSetProblem("dns zurich")).as("a space is named by its code").isEqualTo("(U+0020) is not one");
        assertThat(Names.labelSetProblem("dns\u200bzurich")).isEqualTo("(U+200B) is not one");
        assertThat(Names.labelSetProblem("dns|1")).isEqualTo("'|' (U+007C) is not one");
        assertThat(Names.labelSetProblem("")).isEqualTo("it is empty");
        assertThat(Names.labelSetProblem("a..b")).isEqualTo("a '.' cannot begin or end it, or follow another");
        assertThat(Names.labelSetProblem("a.")).isEqualTo("a '.' cannot begin or end it, or follow another");
        assertThat(Names.labelSetProblem("a".repeat(64))).isEqualTo("a part between dots is at most 63 characters long");
        assertThat(Names.labelSetProblem("a.b-")).isEqualTo("a part between dots cannot begin or end with '-'");
        assertThat(Names.labelSetProblem(("a".repeat(60) + ".").repeat(5))).isEqualTo("it is longer than 253 characters");
    }
}
