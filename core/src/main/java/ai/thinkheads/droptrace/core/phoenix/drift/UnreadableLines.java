package ai.thinkheads.droptrace.core.phoenix.drift;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.util.List;
import java.util.Optional;

/** Declared lines pve-firewall cannot read, for {@link DriftDetector}. */
final class UnreadableLines {

    private UnreadableLines() {
    }

    /**
     * Declared lines pve-firewall cannot read: never compared as rules (they are not rules to it), each is
     * a finding of its own, saying whether the live file has the same line (skipped there too) or not.
     */
    static void compare(PhoenixRuleset declared, FwFile d, String livePath, Optional<FwFile> l,
            List<DriftItem> items) {
        for (ParseWarning w : d.warnings()) {
            if (w.line() < 1 || w.text().isBlank()) {
                continue;
            }
            String text = spaced(w.text());
            Optional<ParseWarning> same = l.flatMap(f -> f.warnings().stream()
                    .filter(x -> x.line() > 0 && spaced(x.text()).equals(text)).findFirst());
            // An [OPTIONS] line ('policy_out: null') is an option, not a rule: pve-firewall's default applies instead.
            String lost = text.matches("[a-z_]+\\s*:.*") ? "the declared option is not set" : "the declared rule does not exist";
            items.add(new DriftItem(DriftKind.UNREADABLE_DECLARED_LINE, livePath, "pve-firewall cannot read the declared "
                    + "line (" + w.message() + ") and skips it, so " + lost + "; "
                    + (same.isPresent() ? livePath + " has it, skipped there too" : livePath + " does not have it"),
                    declared.declaredAt(d.path(), w.line()).orElse(null), d.path() + ":" + w.line() + " " + w.text().strip(),
                    same.map(x -> livePath + ":" + x.line() + " " + x.text().strip()).orElse(null)));
        }
    }

    private static String spaced(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
