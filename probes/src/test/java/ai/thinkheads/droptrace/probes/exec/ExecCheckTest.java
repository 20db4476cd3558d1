package ai.thinkheads.droptrace.probes.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.ProbeDefinition.ExecSettings;
import ai.thinkheads.droptrace.probes.run.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecCheckTest {

    @Test
    void a_pattern_that_overflows_the_stack_on_a_long_output_is_an_error_saying_what_to_write_instead() {
        // Given a long output, and patterns whose group of alternatives Java's regex engine recurses into per character
        CommandOutput out = new CommandOutput(List.of("journalctl"), 0, "a".repeat(1_000_000), "", false, 5);
        ExecSettings matches = new ExecSettings(List.of("journalctl"), 0, null, "(.|\\n)*ZZZ", null);
        ExecSettings notMatches = new ExecSettings(List.of("journalctl"), 0, null, null, "(.|\\n)*ZZZ");

        for (ExecSettings s : List.of(matches, notMatches)) {
            // When
            Finding f = ExecCheck.judge(out, s, Duration.ofSeconds(5));

            // Then neither passed nor failed: the pattern could not be tried, and the line says why
            assertThat(f.outcome()).isEqualTo(ProbeOutcome.ERROR);
            assertThat(f.explanation()).startsWith("the pattern /(.|\\n)*ZZZ/ overflowed the stack on an output of "
                    + "1,000,001 characters").contains("write (?s).* or [\\s\\S]* instead");
        }
    }
}
