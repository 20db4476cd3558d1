package ai.thinkheads.droptrace.core.firewall.lint;

import ai.thinkheads.droptrace.core.firewall.config.Alias;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.IpSet;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.config.SecurityGroup;
import java.util.List;
import java.util.Locale;

/**
 * Groups, ipsets, aliases and options defined twice in one file: pve-firewall's parser starts a {@code [group x]}
 * or {@code [IPSET x]} afresh at each header and overwrites an alias or option, so only the last definition counts
 * and the earlier one is gone without a word (an appended block with a name already used does this).
 */
final class DuplicateDefinitions {

    private DuplicateDefinitions() {
    }

    static void check(Ruleset ruleset, List<Finding> out) {
        for (FwFile f : ruleset.files()) {
            for (SecurityGroup g : f.groups()) {
                SecurityGroup last = f.group(g.name()).orElseThrow();
                if (last != g) {
                    add(out, f, g.line(), "[group " + g.name() + "]", last.line(), g.rules().size() + " rule(s)");
                }
            }
            for (IpSet s : f.ipsets()) {
                IpSet last = f.ipset(s.name()).orElseThrow();
                if (last != s) {
                    int n = s.entries().size();
                    add(out, f, s.line(), "[IPSET " + s.name() + "]", last.line(), n + (n == 1 ? " entry" : " entries"));
                }
            }
            for (OptionSetting o : f.options()) {
                OptionSetting last = f.option(o.key()).orElseThrow();
                if (last != o && !last.value().equals(o.value())) {
                    out.add(new Finding(Severity.WARNING, "duplicate-definition", f.path(), o.line(),
                            o.key() + ": " + o.value(), "option '" + o.key() + "' is set again at line " + last.line()
                                    + ": pve-firewall uses the last value, " + last.value() + ", not " + o.value(),
                            "remove one of the two settings"));
                }
            }
            for (Alias a : f.aliases()) {
                Alias last = f.alias(a.name()).orElseThrow();
                if (last != a && !last.cidr().equals(a.cidr())) {
                    out.add(new Finding(Severity.WARNING, "duplicate-definition", f.path(), a.line(),
                            a.name() + " " + a.cidr(), "alias '" + a.name().toLowerCase(Locale.ROOT)
                                    + "' is defined again at line " + last.line() + ": pve-firewall uses the last "
                                    + "definition, " + last.cidr() + ", not " + a.cidr(),
                            "remove one of the two definitions"));
                }
            }
        }
    }

    private static void add(List<Finding> out, FwFile f, int line, String header, int lastLine, String what) {
        out.add(new Finding(Severity.WARNING, "duplicate-definition", f.path(), line, header, header
                + " is defined again at line " + lastLine + ": pve-firewall keeps only the last definition, so the "
                + what + " of this one do not apply", "merge the two sections, or rename one"));
    }
}
