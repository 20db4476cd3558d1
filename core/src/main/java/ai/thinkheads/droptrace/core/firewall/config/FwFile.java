package ai.thinkheads.droptrace.core.firewall.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed {@code .fw} file. Everything keeps its line number so that every answer can name
 * {@code file:line}.
 *
 * @param path the path relative to the configuration directory ({@code firewall/101.fw},
 *     {@code nodes/pve1/host.fw}, or just {@code 101.fw} in a flat copy)
 * @param vmid the guest id of a guest file, {@code null} otherwise
 * @param node the node of a host file, {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FwFile(
        String path,
        FileKind kind,
        Integer vmid,
        String node,
        List<SectionHeader> sections,
        List<OptionSetting> options,
        List<Alias> aliases,
        List<IpSet> ipsets,
        List<Rule> rules,
        List<SecurityGroup> groups,
        List<ParseWarning> warnings) {

    public FwFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (kind == FileKind.GUEST && vmid == null) {
            throw new IllegalArgumentException("a guest file needs its vmid");
        }
        sections = List.copyOf(sections);
        options = List.copyOf(options);
        aliases = List.copyOf(aliases);
        ipsets = List.copyOf(ipsets);
        rules = List.copyOf(rules);
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
    }

    /** An empty file of a kind: what pve-firewall assumes when the file does not exist. */
    public static FwFile empty(String path, FileKind kind, Integer vmid, String node) {
        return new FwFile(path, kind, vmid, node, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** The last setting of option {@code key} (later lines win, as in pve-firewall). */
    public Optional<OptionSetting> option(String key) {
        OptionSetting found = null;
        for (OptionSetting o : options) {
            if (o.key().equals(key)) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A boolean option: {@code 1} is true, {@code 0} false, absent is {@code fallback}. */
    public boolean flag(String key, boolean fallback) {
        return option(key).map(o -> !o.value().equals("0") && !o.value().isEmpty()).orElse(fallback);
    }

    public Optional<Alias> alias(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Alias found = null;
        for (Alias a : aliases) {
            if (a.name().toLowerCase(Locale.ROOT).equals(lower)) {
                found = a;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<IpSet> ipset(String name) {
        return ipsets.stream().filter(s -> s.name().equals(name.toLowerCase(Locale.ROOT))).reduce((a, b) -> b);
    }

    public Optional<SecurityGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name.toLowerCase(Locale.ROOT))).reduce((a, b) -> b);
    }

    public Optional<SectionHeader> section(String name) {
        return sections.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }
}
