package ai.thinkheads.droptrace.core.firewall.intent;

import ai.thinkheads.droptrace.core.firewall.config.FileKind;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleLineParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import java.util.ArrayList;
import java.util.List;

/** Adds a rule line to a ruleset in memory (to trace "what if"), as pve-firewall would read it. */
final class RulesetEdits {

    private RulesetEdits() {
    }

    /**
     * @param beforeLine insert before the rule on this line of the file; {@code null} to append to [RULES]
     * @return the changed ruleset, or {@code null} when the line cannot be read as a rule there
     */
    static Ruleset insert(Ruleset rs, String path, Integer beforeLine, String text) {
        FwFile file = rs.files().stream().filter(f -> f.path().equals(path)).findFirst().orElse(null);
        if (file == null) {
            if (!path.equals(rs.hostPath(rs.node()))) {
                return null;
            }
            file = FwFile.empty(path, FileKind.HOST, null, rs.node());
        }
        RuleLineParser.Env env = switch (file.kind()) {
            case CLUSTER -> RuleLineParser.Env.CLUSTER;
            case HOST -> RuleLineParser.Env.HOST;
            case GUEST -> RuleLineParser.Env.GUEST;
        };
        int last = file.rules().stream().mapToInt(Rule::line).max().orElse(0);
        int lineNo = beforeLine != null ? beforeLine : last + 1;
        RuleLineParser.Result parsed = RuleLineParser.parse(text, lineNo, "RULES", env);
        if (parsed.rule() == null) {
            return null;
        }
        List<Rule> rules = new ArrayList<>(file.rules());
        int at = rules.size();
        for (int i = 0; i < rules.size() && beforeLine != null; i++) {
            if (rules.get(i).line() == beforeLine) {
                at = i;
                break;
            }
        }
        rules.add(at, parsed.rule());
        FwFile changed = new FwFile(file.path(), file.kind(), file.vmid(), file.node(), file.sections(), file.options(),
                file.aliases(), file.ipsets(), rules, file.groups(), file.warnings());
        FwFile cluster = changed.kind() == FileKind.CLUSTER ? changed : rs.cluster();
        List<FwFile> hosts = replace(rs.hosts(), changed, FileKind.HOST);
        List<FwFile> guests = replace(rs.guests(), changed, FileKind.GUEST);
        return new Ruleset(rs.schema(), rs.node(), rs.layout(), cluster, hosts, guests, rs.inventory(), rs.corosync(),
                rs.localNetwork(), rs.warnings());
    }

    private static List<FwFile> replace(List<FwFile> files, FwFile changed, FileKind kind) {
        if (changed.kind() != kind) {
            return files;
        }
        List<FwFile> out = new ArrayList<>();
        boolean found = false;
        for (FwFile f : files) {
            if (f.path().equals(changed.path())) {
                out.add(changed);
                found = true;
            } else {
                out.add(f);
            }
        }
        if (!found) {
            out.add(changed);
        }
        return out;
    }
}
