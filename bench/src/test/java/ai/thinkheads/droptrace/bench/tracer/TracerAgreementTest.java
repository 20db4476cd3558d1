package ai.thinkheads.droptrace.bench.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import org.junit.jupiter.api.Test;

/** The benchmark compares like with like: the tracer and the naive scans decide every generated packet alike. */
class TracerAgreementTest {

    @Test
    void the_tracer_and_the_naive_scans_agree_on_the_benchmark_configuration() {
        // Given
        GeneratedFirewall generated = GeneratedFirewall.standard();

        // When
        int compared = TracerAgreement.check(RuleTracer.compile(generated.ruleset()),
                new NaiveLinearTracer(generated.ruleset()), generated.packets());

        // Then
        assertThat(compared).isEqualTo(4096);
        assertThat(generated.ruleset().guests()).hasSize(50);
        assertThat(generated.ruleset().guests().stream().mapToInt(f -> f.rules().size()).sum()).isEqualTo(1000);
        assertThat(generated.ruleset().cluster().ipsets()).hasSize(20)
                .allSatisfy(s -> assertThat(s.entries()).hasSize(1000));
    }

    @Test
    void the_generated_packets_reach_rules_and_policies_alike() {
        // Given
        GeneratedFirewall generated = new GeneratedFirewall(1L, 5, 20, 3, 100, 500);
        NaiveLinearTracer naive = new NaiveLinearTracer(generated.ruleset());

        // When
        long byRule = generated.packets().stream().filter(p -> !naive.decide(p).where().equals("policy")).count();

        // Then: both kinds of decision are exercised
        assertThat(byRule).isBetween(1L, 499L);
        assertThat(TracerAgreement.check(RuleTracer.compile(generated.ruleset()), naive, generated.packets())).isEqualTo(500);
    }
}
