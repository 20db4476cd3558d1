package ai.thinkheads.droptrace.core.phoenix;

import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleLineParser;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.intent.ProposedRule;
import ai.thinkheads.droptrace.core.firewall.intent.RuleSource;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Phoenix site as a {@link RuleSource}: a fix is a JSON rule in the section whose generated file
 * blocks the packet (a guest's {@code firewall.rules}, or the global rules for the host), inserted
 * before the blocking rule or appended, and its {@code .fw} line is what the generator then writes.
 */
public record PhoenixRuleSource(PhoenixRuleset phoenix) implements RuleSource {

    private static final Pattern GUEST_FILE = Pattern.compile("^firewall/(\\d+)\\.fw$");

    public PhoenixRuleSource {
        Objects.requireNonNull(phoenix, "phoenix");
    }

    @Override
    public Ruleset ruleset() {
        return phoenix.ruleset();
    }

    @Override
    public Optional<String> declaredAt(String file, int line) {
        return phoenix.declaredAt(file, line).map(JsonLocation::describe);
    }

    @Override
    public Optional<Proposal> propose(TraceResult blocked, String comment) {
        Suggestion fix = blocked.fix();
        if (fix == null || fix.after() == null || fix.file() == null) {
            return Optional.empty();
        }
        RuleLineParser.Result parsed = RuleLineParser.parse(fix.after(), 1, "RULES", RuleLineParser.Env.GUEST);
        if (parsed.rule() == null) {
            return Optional.empty();
        }
        Matcher m = GUEST_FILE.matcher(fix.file());
        int vmid = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        FirewallSection section = section(vmid);
        if (section == null) {
            return Optional.empty();
        }
        Integer index = null;
        if (fix.line() != null) {
            String blocking = phoenix.declaredAt(fix.file(), fix.line()).map(JsonLocation::path).orElse("");
            for (int i = 0; i < section.rules().size(); i++) {
                if (blocking.equals(section.rules().get(i).at().path())) {
                    index = i;
                }
            }
        }
        return proposeRule(vmid, index, fromFw(parsed.rule(), comment));
    }

    /**
     * Adds a JSON rule to guest {@code vmid}'s rules (0: the global rules) and says what the
     * generator then writes for it.
     *
     * @param index where to insert it, {@code null} to append
     * @param rule the rule; its location is set here
     */
    public Optional<Proposal> proposeRule(int vmid, Integer index, PhoenixRule rule) {
        FirewallSection section = section(vmid);
        if (section == null) {
            return Optional.empty();
        }
        int size = section.rules().size();
        int at = index == null || index > size ? size : index;
        PhoenixRule located = rule.withLocation(new JsonLocation(section.at().file(),
                JsonLocation.element(section.rulesPath(), at), 0));
        PhoenixRuleset next = phoenix.with(insert(phoenix.site(), vmid, section, at, located));
        Optional<GeneratedConfig.Placement> placed = next.generated().placement(located.at(), vmid);
        if (placed.isEmpty()) {
            return Optional.empty();
        }
        String where = at < size
                ? "insert at " + section.at().file() + " " + located.at().path() + ", before the rule that blocks"
                : "append to " + section.at().file() + " " + section.rulesPath() + " (it becomes " + located.at().path() + ")";
        ProposedRule proposed = new ProposedRule(placed.get().file(), placed.get().text(), section.at().file(),
                located.at().path(), located.toJson(), where);
        return Optional.of(new Proposal(proposed, new PhoenixRuleSource(next)));
    }

    private FirewallSection section(int vmid) {
        PhoenixSite site = phoenix.site();
        return vmid > 0 ? site.guest(vmid).map(PhoenixGuest::firewall).orElse(null) : site.firewall();
    }

    /** The JSON rule for a {@code .fw} rule: Phoenix has no field for an ICMP type, so ICMP is accepted whole. */
    static PhoenixRule fromFw(Rule r, String comment) {
        String proto = r.proto() == null ? null : r.proto().toLowerCase(Locale.ROOT);
        String port = "icmp".equals(proto) || "icmpv6".equals(proto) ? null : r.dport();
        return PhoenixRule.proposed(new JsonLocation("", null, 0), r.type().name().toLowerCase(Locale.ROOT), r.action(),
                r.source(), r.dest(), proto, port, comment);
    }

    /** The site with {@code rule} at {@code index} of the section's rules, later rules' paths moved up by one. */
    static PhoenixSite insert(PhoenixSite site, int vmid, FirewallSection section, int index, PhoenixRule rule) {
        List<PhoenixRule> rules = new ArrayList<>();
        for (int i = 0; i < section.rules().size(); i++) {
            PhoenixRule r = section.rules().get(i);
            if (i == index) {
                rules.add(rule);
            }
            rules.add(i < index ? r : r.withLocation(new JsonLocation(r.at().file(),
                    JsonLocation.element(section.rulesPath(), i + 1), r.at().line())));
        }
        if (index >= section.rules().size()) {
            rules.add(rule);
        }
        FirewallSection changed = section.withRules(rules);
        if (vmid > 0) {
            return site.withGuest(site.guest(vmid).orElseThrow().withFirewall(changed));
        }
        return site.withFirewall(changed);
    }
}
