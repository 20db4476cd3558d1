package ai.thinkheads.droptrace.probes.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
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
                throw new IllegalArgumentException("trust anchor name '" + name + "' must be " + Names.LABEL_SET_CHARACTERS
                        + ": " + Names.labelSetProblem(name));
            }
        }
    }

    /**
     * The configuration with each relative trust anchor {@code file} and file probe {@code equalsFile} read from
     * {@code dir}, the configuration file's folder, as a file next to it is meant: not from wherever the command was
     * started (a service's working directory is {@code /}).
     */
    public ProbeConfig withTrustFilesIn(Path dir) {
        Map<String, TrustConfig> resolved = new HashMap<>();
        trust.forEach((name, anchor) -> resolved.put(name, anchor.file() == null || absolute(anchor.file()) ? anchor
                : new TrustConfig(dir.resolve(anchor.file()).normalize().toString(), anchor.system())));
        return new ProbeConfig(site, exec, resolved, defaults, probes.stream().map(p -> equalsFileIn(p, dir)).toList());
    }

    private static ProbeDefinition equalsFileIn(ProbeDefinition p, Path dir) {
        ProbeDefinition.FileSettings f = p.file();
        if (f == null || f.equalsFile() == null || absolute(f.equalsFile())) {
            return p;
        }
        ProbeDefinition.FileSettings resolved = new ProbeDefinition.FileSettings(f.path(), f.certificate(), f.sha256(),
                dir.resolve(f.equalsFile()).normalize().toString(), f.equalsTrust());
        return new ProbeDefinition(p.id(), p.description(), p.from(), p.to(), p.kind(), p.port(), p.interval(), p.timeout(),
                p.expect(), p.udp(), p.dns(), p.tls(), p.http(), p.exec(), resolved);
    }

    private static boolean absolute(String file) {
        try {
            return Path.of(file).isAbsolute();
        } catch (InvalidPathException e) {
            return true; // left as written: reading it says what is wrong with it
        }
    }
}
