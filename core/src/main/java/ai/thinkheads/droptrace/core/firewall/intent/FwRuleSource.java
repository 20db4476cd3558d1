package ai.thinkheads.droptrace.core.firewall.intent;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.Objects;
import java.util.Optional;

/** A Proxmox configuration directory's ruleset as a {@link RuleSource}: fixes are {@code .fw} lines. */
public record FwRuleSource(Ruleset ruleset) implements RuleSource {

    public FwRuleSource {
        Objects.requireNonNull(ruleset, "ruleset");
    }

    @Override
    public Optional<String> declaredAt(String file, int line) {
        return Optional.empty();
    }

    @Override
    public Optional<Proposal> propose(TraceResult blocked, String comment) {
        Suggestion fix = blocked.fix();
        if (fix == null || fix.after() == null || fix.file() == null) {
            return Optional.empty();
        }
        String line = fix.after() + (comment == null || comment.isEmpty() ? "" : " # " + comment);
        Ruleset next = RulesetEdits.insert(ruleset, fix.file(), fix.line(), line);
        if (next == null) {
            return Optional.empty();
        }
        String where = fix.line() == null ? ruleset.endOfRules(fix.file())
                : "above " + fix.file() + ":" + fix.line() + " (first match wins)";
        return Optional.of(new Proposal(new ProposedRule(fix.file(), line, null, null, null, where), new FwRuleSource(next)));
    }
}
