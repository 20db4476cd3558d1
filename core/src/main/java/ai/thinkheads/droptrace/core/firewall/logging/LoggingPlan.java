package ai.thinkheads.droptrace.core.firewall.logging;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.config.SecurityGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code rules enable-logging}: the edits that make pve-firewall log what the policies and the
 * DROP/REJECT rules in scope drop (the "enhance firewall logging" step of a diagnosis). Policies get
 * {@code log_level_in/out} (guests in their own file; the host's in host.fw, as pve-firewall reads
 * them there), DROP/REJECT rules without {@code -log} get {@code -log <level>}, and so do the rules
 * of the security groups they use. Existing log levels are left as they are.
 */
public final class LoggingPlan {

    private final Ruleset ruleset;
    private final Function<String, List<String>> lines;
    private final LogLevel level;
    private final Map<String, FileEditor> editors = new LinkedHashMap<>();
    private final Set<String> groups = new LinkedHashSet<>();
    private final Map<String, List<String>> newOptionSections = new LinkedHashMap<>();
    private final Map<String, String> newOptionReasons = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private LoggingPlan(Ruleset ruleset, Function<String, List<String>> lines, LogLevel level) {
        this.ruleset = ruleset;
        this.lines = lines;
        this.level = level;
    }

    /** The planned changes and what was left alone. */
    public record Result(List<FileChange> changes, List<String> notes) {
        public Result {
            changes = List.copyOf(changes);
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param lines reads a file's lines by its relative path; {@code null} when the file does not exist
     */
    public static Result plan(Ruleset ruleset, Function<String, List<String>> lines, LogLevel level, LoggingScope scope) {
        if (!level.logs()) {
            throw new IllegalArgumentException("the level to enable must not be nolog");
        }
        return new LoggingPlan(ruleset, lines, level).run(scope);
    }

    private Result run(LoggingScope scope) {
        FwFile cluster = ruleset.cluster();
        if (scope.host()) {
            FwFile host = ruleset.host();
            if (!host.flag("enable", true)) {
                notes.add(host.path() + ": the host firewall is off ('enable: 0'), so its policies and rules log nothing");
            }
            policy(host, "log_level_in", cluster, "policy_in", "DROP");
            policy(host, "log_level_out", cluster, "policy_out", "ACCEPT");
            rules(host);
            rules(cluster);
        }
        for (FwFile g : ruleset.guests()) {
            if (!scope.includes(g.vmid())) {
                continue;
            }
            if (!g.flag("enable", false)) {
                notes.add(g.path() + ": the guest firewall is off ('enable: 1' missing), so nothing it would log applies");
                continue;
            }
            policy(g, "log_level_in", g, "policy_in", "DROP");
            policy(g, "log_level_out", g, "policy_out", "ACCEPT");
            rules(g);
        }
        for (Integer vmid : scope.guests()) {
            if (ruleset.guest(vmid).isEmpty()) {
                notes.add("guest " + vmid + " has no firewall file (" + ruleset.guestPath(vmid) + "): nothing to log");
            }
        }
        for (String name : groups) {
            Optional<SecurityGroup> group = cluster.group(name);
            group.ifPresent(g -> g.rules().forEach(r -> rule(cluster, r, "security group " + name)));
        }
        for (Map.Entry<String, List<String>> e : newOptionSections.entrySet()) {
            FileEditor editor = editors.get(e.getKey());
            List<String> block = new ArrayList<>(List.of("[OPTIONS]", ""));
            block.addAll(e.getValue());
            if (!editor.before().isEmpty()) {
                block.add("");
            }
            editor.insertAfter(0, block, newOptionReasons.get(e.getKey()));
        }
        List<FileChange> changes = new ArrayList<>();
        List<String> order = new ArrayList<>(List.of(cluster.path(), ruleset.host().path()));
        ruleset.guests().forEach(g -> order.add(g.path()));
        for (String path : order) {
            FileEditor e = editors.get(path);
            if (e != null && e.changed()) {
                changes.add(e.change());
            }
        }
        return new Result(changes, notes);
    }

    private void policy(FwFile optionFile, String logOption, FwFile policyFile, String policyOption, String fallback) {
        String policy = policyFile.option(policyOption).map(OptionSetting::value).orElse(fallback);
        if (policy.equals("ACCEPT")) {
            return;
        }
        Optional<OptionSetting> current = optionFile.option(logOption);
        if (current.isPresent() && !current.get().value().isEmpty() && !current.get().value().equals("nolog")) {
            return;
        }
        String text = logOption + ": " + level.keyword();
        String why = policyOption + " " + policy + (policyFile.option(policyOption).isEmpty() ? " by default" : "");
        FileEditor editor = editor(optionFile);
        if (current.isPresent()) {
            editor.replace(current.get().line(), text, why);
            return;
        }
        int lastOption = optionFile.options().stream().mapToInt(OptionSetting::line).max().orElse(0);
        int header = optionFile.section("OPTIONS").map(s -> s.line()).orElse(0);
        if (lastOption > 0 || header > 0) {
            editor.insertAfter(Math.max(lastOption, header), List.of(text), why);
        } else {
            newOptionSections.computeIfAbsent(optionFile.path(), k -> new ArrayList<>()).add(text);
            newOptionReasons.merge(optionFile.path(), why, (a, b) -> a + ", " + b);
        }
    }

    private void rules(FwFile file) {
        for (Rule r : file.rules()) {
            if (r.type() == RuleType.GROUP && r.enabled()) {
                groups.add(r.action());
            }
            rule(file, r, "rule");
        }
    }

    private void rule(FwFile file, Rule r, String what) {
        if (!r.enabled() || !r.errors().isEmpty() || !r.blocks() || r.logs() || r.type() == RuleType.FORWARD) {
            return;
        }
        FileEditor editor = editor(file);
        String raw = editor.before().get(r.line() - 1);
        String ending = raw.endsWith("\r") ? "\r" : "";
        String body = ending.isEmpty() ? raw : raw.substring(0, raw.length() - 1);
        editor.replace(r.line(), RuleLines.withLog(body, level), what + " " + r.action() + " without -log");
    }

    private FileEditor editor(FwFile file) {
        return editors.computeIfAbsent(file.path(), p -> {
            List<String> current = lines.apply(p);
            return new FileEditor(p, current == null ? List.of() : current, current == null);
        });
    }
}
