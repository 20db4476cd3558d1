package ai.thinkheads.droptrace.core.firewall.logging;

import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.phoenix.FirewallSection;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixGuest;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.StackRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The seed plan's logging step for a Phoenix site, in the site's own terms: a {@code log_level}
 * property on every DROP/REJECT rule of the JSON and {@code log_level_in}/{@code log_level_out} on
 * every firewall section whose policy drops (the guests' {@code policy_in} is DROP by default),
 * and the equivalent {@code .fw} change ({@code -log <level>}, {@code log_level_in/out}) on the
 * files the generator writes. Properties already there are kept as they are. No Phoenix generator
 * reads those JSON properties yet; the result says so.
 */
public final class PhoenixLoggingProposal {

    /**
     * @param json the changes to the JSON files (paths relative to the {@code etc/} folder)
     * @param fw the equivalent change to the {@code .fw} files the generator writes (relative to {@code /etc/pve})
     * @param warnings what the user must know before relying on the JSON change
     * @param notes what was left alone
     */
    public record Result(List<FileChange> json, List<FileChange> fw, List<String> warnings, List<String> notes) {
        public Result {
            json = List.copyOf(json);
            fw = List.copyOf(fw);
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
        }
    }

    private PhoenixLoggingProposal() {
    }

    /**
     * @param text reads a JSON file by its name relative to the {@code etc/} folder, {@code null} when missing
     */
    public static Result propose(PhoenixRuleset phoenix, Function<String, String> text, LogLevel level) {
        if (!level.logs()) {
            throw new IllegalArgumentException("the level to enable must not be nolog");
        }
        String word = level.keyword();
        Map<String, JsonPropertyInserter> editors = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        FirewallSection global = phoenix.site().firewall();
        if (global != null) {
            policy(editors, text, global, "log_level_in", global.inputPolicy(), global.logLevelIn(), word, "default_input_policy");
            policy(editors, text, global, "log_level_out", global.outputPolicy(), global.logLevelOut(), word, "default_output_policy");
            global.rules().forEach(r -> rule(editors, text, r, word));
        }
        for (PhoenixGuest g : phoenix.site().guests()) {
            if (g.firewall() == null) {
                continue;
            }
            if (!g.firewallEnabled()) {
                notes.add(g.label() + ": firewall.enabled is not true, so nothing it would log applies");
                continue;
            }
            // Guests have no policy in the JSON: pve-firewall's default policy_in DROP applies.
            policy(editors, text, g.firewall(), "log_level_in", "DROP", g.firewall().logLevelIn(), word, "policy_in DROP by default");
            g.firewall().rules().forEach(r -> rule(editors, text, r, word));
        }
        // A stack deployed by several VMs is read once for each, and its rules are one place in its file.
        Set<JsonLocation> stackRules = new HashSet<>();
        for (StackRules s : phoenix.site().stacks()) {
            s.rules().stream().filter(r -> stackRules.add(r.at())).forEach(r -> rule(editors, text, r, word));
        }
        List<FileChange> json = new ArrayList<>();
        for (JsonPropertyInserter e : editors.values()) {
            FileChange c = e.change();
            if (c != null) {
                json.add(c);
            }
        }
        LoggingPlan.Result fw = LoggingPlan.plan(phoenix.ruleset(), path -> phoenix.generated().file(path)
                .map(f -> List.of(f.text().split("\n", -1))).orElse(null), level, LoggingScope.everything());
        notes.addAll(fw.notes());
        return new Result(json, fw.changes(), warnings(phoenix), notes);
    }

    private static List<String> warnings(PhoenixRuleset phoenix) {
        String node = phoenix.site().host().name();
        return List.of(
                "the current Phoenix generator ignores these JSON properties: no version of generate_rule_string or of the "
                        + "setup script reads \"log_level\", \"log_level_in\" or \"log_level_out\" (and the schema does not "
                        + "declare them), so the JSON change alone logs nothing until the generator learns to write "
                        + "'-log <level>' and 'log_level_in/out'",
                "until then apply the .fw change on the host (droptrace rules enable-logging --config-dir /etc/pve --write); "
                        + "the next phoenix-cli sync rewrites the .fw files and removes it again",
                "the host's log levels belong in nodes/" + node + "/host.fw, which no Phoenix generator writes (the newer one "
                        + "writes firewall/" + node + ".fw, which pve-firewall never reads)",
                "pve-firewall logs to /var/log/pve-firewall.log, not /var/log/syslog as the plan assumed: point droptrace's "
                        + "ingest at that file");
    }

    private static void policy(Map<String, JsonPropertyInserter> editors, Function<String, String> text, FirewallSection s,
            String key, String policy, String current, String level, String why) {
        String p = policy == null ? "" : policy.toUpperCase(Locale.ROOT);
        if (!p.equals("DROP") && !p.equals("REJECT") || current != null) {
            return;
        }
        JsonPropertyInserter e = editor(editors, text, s.at().file());
        if (e != null) {
            e.add(s.at().path(), key, level, why);
        }
    }

    private static void rule(Map<String, JsonPropertyInserter> editors, Function<String, String> text, PhoenixRule r,
            String level) {
        if (!r.blocks() || r.logLevel() != null) {
            return;
        }
        JsonPropertyInserter e = editor(editors, text, r.at().file());
        if (e != null) {
            e.add(r.at().path(), "log_level", level, r.actionUpper() + " rule without a log level");
        }
    }

    private static JsonPropertyInserter editor(Map<String, JsonPropertyInserter> editors, Function<String, String> text,
            String file) {
        if (!editors.containsKey(file)) {
            String t = text.apply(file);
            editors.put(file, t == null ? null : new JsonPropertyInserter(file, t));
        }
        return editors.get(file);
    }
}
