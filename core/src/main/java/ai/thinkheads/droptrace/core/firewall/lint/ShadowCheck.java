package ai.thinkheads.droptrace.core.firewall.lint;

import ai.thinkheads.droptrace.core.firewall.trace.RuleRef;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Chain;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Entry;
import ai.thinkheads.droptrace.core.firewall.trace.internal.Match;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds rules that can never match because earlier rules of the same chain match everything they
 * match (first match wins). Each match of the later rule (a macro has several, per IP version)
 * must be covered by a match of an earlier rule. A rule compiled into several chains (a guest rule
 * without {@code -i}, one chain per NIC) is reported only when it is covered in every one of them.
 */
final class ShadowCheck {

    private final Map<String, Finding> shadowed = new LinkedHashMap<>();
    private final Set<String> matchable = new HashSet<>();

    /** Checks the rules of {@code chain}; call for every chain before {@link #findings()}. */
    void check(Chain chain) {
        List<Entry.RuleEntry> earlier = new ArrayList<>();
        for (Entry e : chain.entries()) {
            if (!(e instanceof Entry.RuleEntry r)) {
                continue;
            }
            RuleRef by = coveredBy(r, earlier);
            String key = r.ref().file() + ":" + r.ref().line();
            if (by == null) {
                matchable.add(key);
            } else if (!shadowed.containsKey(key)) {
                shadowed.put(key, new Finding(Severity.WARNING, "shadowed", r.ref().file(), r.ref().line(),
                        r.ref().text(), "never matches: " + (by.line() > 0 ? "rule " + by.location() + " '" + by.text()
                                + "'" : "earlier rules") + " of " + chain.name() + " already matches every packet it "
                                + "matches (first match wins)",
                        "remove it, or move it above " + (by.line() > 0 ? by.location() : "the rules that cover it")));
            }
            earlier.add(r);
        }
    }

    /** The rules covered in every chain they are in. */
    List<Finding> findings() {
        return shadowed.entrySet().stream().filter(e -> !matchable.contains(e.getKey())).map(Map.Entry::getValue)
                .toList();
    }

    /** The earlier rule covering all of {@code r}'s matches (or a marker for several), or {@code null}. */
    private static RuleRef coveredBy(Entry.RuleEntry r, List<Entry.RuleEntry> earlier) {
        List<Match> all = new ArrayList<>(r.v4());
        all.addAll(r.v6());
        if (all.isEmpty() || earlier.isEmpty()) {
            return null;
        }
        RuleRef single = null;
        boolean several = false;
        for (Match m : all) {
            RuleRef found = null;
            for (Entry.RuleEntry a : earlier) {
                if (covers(a, m)) {
                    found = a.ref();
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            if (single == null) {
                single = found;
            } else if (!single.equals(found)) {
                several = true;
            }
        }
        return several ? new RuleRef(single.file(), 0, single.section(), "", single.chain(), null) : single;
    }

    private static boolean covers(Entry.RuleEntry a, Match m) {
        for (Match am : a.v4()) {
            if (am.covers(m)) {
                return true;
            }
        }
        for (Match am : a.v6()) {
            if (am.covers(m)) {
                return true;
            }
        }
        return false;
    }
}
