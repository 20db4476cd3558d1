package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.ExpectedLog;
import ai.thinkheads.droptrace.core.firewall.trace.Step;
import java.util.List;

/** Walks a packet through one compiled chain: first match wins; a security group is evaluated in place. */
public final class ChainEvaluator {

    private ChainEvaluator() {
    }

    /** @param steps where to record every rule considered, or {@code null} for just the decision */
    public static ChainOutcome evaluate(Chain chain, PacketView p, List<Step> steps) {
        for (Entry entry : chain.entries()) {
            ChainOutcome outcome;
            if (entry instanceof Entry.RuleEntry r) {
                outcome = rule(chain, r, p, steps);
            } else if (entry instanceof Entry.GroupEntry g) {
                outcome = group(chain, g, p, steps);
            } else if (entry instanceof Entry.BuiltinEntry b) {
                outcome = builtin(chain, b, p, steps);
            } else if (entry instanceof Entry.PolicyEntry pol) {
                outcome = policy(chain, pol, steps);
            } else {
                Entry.SkippedEntry s = (Entry.SkippedEntry) entry;
                if (steps != null) {
                    steps.add(new Step(chain.name(), s.ref(), null, Step.Outcome.SKIPPED, s.reason()));
                }
                outcome = null;
            }
            if (outcome != null) {
                return outcome;
            }
        }
        return ChainOutcome.FALL_THROUGH;
    }

    private static ChainOutcome rule(Chain chain, Entry.RuleEntry r, PacketView p, List<Step> steps) {
        List<Match> matches = r.matches(p.family);
        for (Match m : matches) {
            if (m.matches(p)) {
                if (steps != null) {
                    steps.add(new Step(chain.name(), r.ref(), null, Step.Outcome.MATCH,
                            r.macro() ? "matches " + m.label() : "matches"));
                }
                ExpectedLog log = r.ref().log().logs()
                        ? new ExpectedLog(r.logVmid(), r.ref().log().digit(), chain.name(), r.message(p.family))
                        : null;
                return new ChainOutcome(r.action(),
                        new Decider.RuleDecision(r.action(), r.ref(), null, r.macro() ? m.label() : null), log);
            }
        }
        if (steps != null) {
            String reason;
            if (matches.isEmpty()) {
                reason = "rule applies to IPv" + (p.family == 4 ? 6 : 4) + " only";
            } else if (matches.size() == 1) {
                reason = matches.get(0).mismatch(p);
            } else {
                StringBuilder sb = new StringBuilder();
                for (Match m : matches) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(m.label()).append(": ").append(m.mismatch(p));
                }
                reason = sb.toString();
            }
            steps.add(new Step(chain.name(), r.ref(), null, Step.Outcome.NO_MATCH, reason));
        }
        return null;
    }

    private static ChainOutcome group(Chain chain, Entry.GroupEntry g, PacketView p, List<Step> steps) {
        if (g.iface() != null && !Match.ifaceMatches(g.iface(), g.ifaceOut() ? p.ifaceOut : p.ifaceIn)) {
            if (p.acceptMark) {
                // ruleset_add_group_rule writes '-i <iface> -j GROUP-<name>-IN', then '-m mark --mark 0x80000000/
                // 0x80000000 -j RETURN' without -i: a packet a local guest's OUT chain accepted still carries the
                // mark, and that second rule accepts it though it never entered the group
                String why = "interface is not " + g.iface() + ", but the packet carries the accept mark its sender's "
                        + "OUT chain set, and pve-firewall's mark test after this line's jump has no -i";
                if (steps != null) {
                    steps.add(new Step(chain.name(), g.ref(), null, Step.Outcome.MATCH, why));
                }
                p.acceptedByMark = g.ref().location();
                return new ChainOutcome(Action.ACCEPT, new Decider.RuleDecision(Action.ACCEPT, g.ref(), null, null),
                        null);
            }
            if (steps != null) {
                steps.add(new Step(chain.name(), g.ref(), null, Step.Outcome.NO_MATCH,
                        "interface is not " + g.iface()));
            }
            return null;
        }
        p.acceptMark = false; // the group's chain clears the mark first; it is set again only by its accepts
        if (g.chain() == null) {
            if (steps != null) {
                steps.add(new Step(chain.name(), g.ref(), null, Step.Outcome.NO_MATCH,
                        "security group '" + g.group() + "' does not exist: its chain is empty"));
            }
            return null;
        }
        if (steps != null) {
            steps.add(new Step(chain.name(), g.ref(), null, Step.Outcome.MATCH, "enters " + g.chain().name()));
        }
        ChainOutcome inner = evaluate(g.chain(), p, steps);
        if (inner.action() == null) {
            if (steps != null) {
                steps.add(new Step(chain.name(), g.ref(), null, Step.Outcome.NO_MATCH,
                        "no rule of " + g.chain().name() + " decided; back in " + chain.name()));
            }
            return null;
        }
        Decider.RuleDecision d = (Decider.RuleDecision) inner.decider();
        return new ChainOutcome(inner.action(), new Decider.RuleDecision(d.action(), d.rule(), g.ref(), d.macroEntry()),
                inner.log());
    }

    private static ChainOutcome builtin(Chain chain, Entry.BuiltinEntry b, PacketView p, List<Step> steps) {
        boolean hit = b.condition().test(p);
        if (steps != null) {
            steps.add(new Step(chain.name(), null, b.description(), hit ? Step.Outcome.MATCH : Step.Outcome.NO_MATCH,
                    hit ? "matches" : "does not match"));
        }
        if (!hit) {
            return null;
        }
        ExpectedLog log = b.log() != null && b.log().logs() && b.action() != Action.ACCEPT
                ? new ExpectedLog(0, b.log().digit(), b.logChain(), "DROP: ") : null;
        return new ChainOutcome(b.action(),
                new Decider.BuiltinDecision(b.action(), b.builtin(), chain.name(), b.description(), b.log()), log);
    }

    private static ChainOutcome policy(Chain chain, Entry.PolicyEntry pol, List<Step> steps) {
        Decider.PolicyDecision d = pol.decision();
        if (steps != null) {
            steps.add(new Step(chain.name(), null, "policy " + d.action(), Step.Outcome.MATCH,
                    d.line() == null ? "default policy" : d.option() + " in " + d.file() + ":" + d.line()));
        }
        ExpectedLog log = d.action() != Action.ACCEPT && d.logLevel().logs()
                ? new ExpectedLog(pol.logVmid(), d.logLevel().digit(), chain.name(), "policy " + d.action() + ": ")
                : null;
        return new ChainOutcome(d.action(), d, log);
    }
}
