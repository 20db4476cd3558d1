package ai.thinkheads.droptrace.core.firewall.trace.internal;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.LogLevel;
import ai.thinkheads.droptrace.core.firewall.logging.RuleLines;
import ai.thinkheads.droptrace.core.firewall.net.Protocols;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.Suggestion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says why a DROP or REJECT is not logged and what to change so that it is: a {@code -log} on
 * the rule, a {@code log_level_in/out} option for a policy, the host option of a built-in filter;
 * or, for the drops pve-firewall never logs, how to see them anyway.
 */
final class SilentDropAdvisor {

    /** Why the decision is not logged, and the change that would log it. */
    record Advice(String reason, Suggestion suggestion) {
    }

    static final LogLevel LEVEL = LogLevel.INFO;

    private final CompiledFirewall fw;
    /** Advice for rules and policies depends on nothing but them: computed once each. */
    private final Map<Object, Advice> cache = new ConcurrentHashMap<>();

    SilentDropAdvisor(CompiledFirewall fw) {
        this.fw = fw;
    }

    Advice advise(Decider decider, PacketView p) {
        if (decider instanceof Decider.RuleDecision r) {
            return cache.computeIfAbsent(r.rule(), k -> rule(r));
        }
        if (decider instanceof Decider.PolicyDecision pol) {
            return cache.computeIfAbsent(pol, k -> policy(pol));
        }
        if (decider instanceof Decider.BuiltinDecision b) {
            return builtin(b, p);
        }
        return new Advice("no firewall rule decided", null);
    }

    private static Advice rule(Decider.RuleDecision r) {
        String text = r.rule().text();
        return new Advice("rule " + r.rule().location() + " has no -log (pve-firewall logs rules only with -log <level>)",
                new Suggestion("add -log " + LEVEL.keyword() + " to the rule", r.rule().file(), r.rule().line(), text,
                        RuleLines.withLog(text, LEVEL)));
    }

    private Advice policy(Decider.PolicyDecision pol) {
        // 'log_level_in:' without a value is nolog for pve-firewall too; said as written, not as "nolog"
        boolean empty = pol.logLine() != null && fw.ruleset().files().stream().filter(f -> f.path().equals(pol.logFile()))
                .findFirst().flatMap(f -> f.option(pol.logOption())).map(o -> o.value().isEmpty()).orElse(false);
        return new Advice("the policy's log level " + pol.logOption() + " is " + (pol.logLine() == null
                ? "not set (default nolog)" : (empty ? "empty at " : "nolog at ") + pol.logFile() + ":" + pol.logLine()
                + (empty ? " (nolog)" : "")),
                option(pol.logFile(), pol.logLine(), pol.logOption(), "to log what the policy drops"));
    }

    private Advice builtin(Decider.BuiltinDecision b, PacketView p) {
        String host = fw.ruleset().host().path();
        String guestFile = guestFile(b.chain());
        return switch (b.builtin()) {
            case BLACKLIST -> new Advice("the blacklist's log level is the host's log_level_out, which is nolog",
                    option(host, lineOf(host, "log_level_out"), "log_level_out",
                            "(PVEFW-blacklist logs at the host's log_level_out)"));
            case SMURFS -> new Advice("smurf_log_level is nolog", option(host, lineOf(host, "smurf_log_level"),
                    "smurf_log_level", "to log smurf drops"));
            case TCPFLAGS -> new Advice("tcp_flags_log_level is nolog", option(host, lineOf(host, "tcp_flags_log_level"),
                    "tcp_flags_log_level", "to log illegal-flag drops"));
            case IPFILTER -> new Advice("ipfilter drops are never logged by pve-firewall",
                    new Suggestion("if " + p.source + " is a legitimate address of this guest, add it to the guest's "
                            + "ipfilter ipset (" + b.description() + ")", guestFile, null, null, p.source.toString()));
            case ROUTER_ADVERTISEMENT -> new Advice("router-advertisement drops are never logged by pve-firewall",
                    new Suggestion("set 'radv: 1' in [OPTIONS] if this guest is a router", guestFile, null, null, "radv: 1"));
            case POLICY_NOISE -> noise(b, p);
            default -> new Advice("built-in rules of this kind are not logged", null);
        };
    }

    private Advice noise(Decider.BuiltinDecision b, PacketView p) {
        String reason = b.chain() + "'s policy runs PVEFW-" + (b.action() == Action.REJECT ? "Reject" : "Drop")
                + " first, which removes " + b.description() + " without a log line; no option logs it";
        if (!Protocols.hasPorts(p.proto) || p.dport < 0) {
            return new Advice(reason, null);
        }
        String direction = b.chain().endsWith("-OUT") ? "OUT" : "IN";
        String rule = direction + " DROP -p " + Protocols.name(p.proto) + " -dport " + p.dport + " -log " + LEVEL.keyword();
        // the file whose [RULES] the chain's policy follows, so that the change says where the rule goes (it said "null")
        String file = b.chain().startsWith("PVEFW-HOST-") ? fw.ruleset().host().path() : guestFile(b.chain());
        return new Advice(reason, new Suggestion("to see such packets, add a rule before the policy (rules run before "
                + "PVEFW-Drop): " + rule, file, null, null, rule));
    }

    private static Suggestion option(String file, Integer line, String key, String why) {
        String after = key + ": " + LEVEL.keyword();
        return new Suggestion("set '" + after + "' in [OPTIONS] of " + file + " " + why, file, line,
                line == null ? null : key + ": nolog", after);
    }

    private Integer lineOf(String path, String key) {
        return fw.ruleset().files().stream().filter(f -> f.path().equals(path)).findFirst()
                .flatMap(f -> f.option(key)).map(o -> o.line()).orElse(null);
    }

    /** The guest file of a chain like {@code tap100i0-OUT}, or {@code null}. */
    private String guestFile(String chain) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:tap|veth)(\\d+)i\\d+-(?:IN|OUT)").matcher(chain);
        if (!m.matches()) {
            return null;
        }
        int vmid = Integer.parseInt(m.group(1));
        return fw.ruleset().guest(vmid).map(f -> f.path()).orElse(fw.ruleset().guestPath(vmid));
    }
}
