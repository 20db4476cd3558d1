package ai.thinkheads.droptrace.probes.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A probe configuration file as written: the site (hypervisor and guests), how commands and tools
 * run inside guests, the named trust anchors, defaults and the probes. Cross references (a probe's
 * {@code from}, {@code to} and trust names) are checked by {@link ProbePlan#of}.
 */
public record ProbeConfig(
        SiteConfig site,
        ExecConfig exec,
        Map<String, TrustConfig> trust,
        DefaultsConfig defaults,
        List<ProbeDefinition> probes) {

    public ProbeConfig {
        Objects.requireNonNull(site, "site is required");
        exec = exec == null ? ExecConfig.DEFAULT : exec;
        trust = trust == null ? Map.of() : Map.copyOf(trust);
        defaults = defaults == null ? DefaultsConfig.DEFAULT : defaults;
        probes = probes == null ? List.of() : List.copyOf(probes);
        for (String name : trust.keySet()) {
            if (!Names.isLabelSet(name)) {
                throw new IllegalArgumentException("trust anchor name '" + name + "' must be letters, digits, '-', '.'");
            }
        }
    }
}
