package ai.thinkheads.droptrace.core.firewall.lint;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.OptionSetting;
import ai.thinkheads.droptrace.core.firewall.config.Rule;
import ai.thinkheads.droptrace.core.firewall.config.RuleType;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.config.SecurityGroup;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.firewall.trace.internal.CompiledFirewall;
import ai.thinkheads.droptrace.core.firewall.trace.internal.GuestChains;
import java.util.List;
import java.util.Optional;

/** Findings about logging: DROP/REJECT rules and policies that write no log line, and drops that never can. */
final class LoggingFindings {

    private static final String ENABLE = "droptrace rules enable-logging shows the change";

    private LoggingFindings() {
    }

    static void add(RuleTracer tracer, List<Finding> out) {
        CompiledFirewall fw = tracer.compiled();
        Ruleset ruleset = tracer.ruleset();
        if (!fw.enabled()) {
            return;
        }
        FwFile cluster = ruleset.cluster();
        FwFile host = ruleset.host();
        if (fw.hostIn() != null) {
            policy(out, cluster, "policy_in", "DROP", host, "log_level_in", "host inbound");
            policy(out, cluster, "policy_out", "ACCEPT", host, "log_level_out", "host outbound");
            rules(out, host);
            rules(out, cluster);
        }
        for (SecurityGroup g : cluster.groups()) {
            for (Rule r : g.rules()) {
                unloggedRule(out, cluster, r);
            }
        }
        boolean anyDropPolicy = false;
        for (GuestChains gc : fw.guests().values()) {
            if (!gc.enabled()) {
                continue;
            }
            FwFile f = gc.file();
            anyDropPolicy |= policy(out, f, "policy_in", "DROP", f, "log_level_in", "guest " + f.vmid() + " inbound");
            anyDropPolicy |= policy(out, f, "policy_out", "ACCEPT", f, "log_level_out", "guest " + f.vmid() + " outbound");
            rules(out, f);
        }
        if (anyDropPolicy || fw.hostIn() != null) {
            out.add(new Finding(Severity.INFO, "never-logged", cluster.path(), 0, "",
                    "before a DROP or REJECT policy writes its log line, PVEFW-Drop/PVEFW-Reject remove broadcast and "
                            + "multicast packets, TCP packets that are not a new connection's SYN, SMB and UPnP noise and "
                            + "DNS replies without any log line: those drops can never be logged",
                    "to see such packets, add explicit 'IN DROP ... -log info' rules; rules run before the policy"));
        }
    }

    /** Adds a finding when a DROP/REJECT policy has no log level; returns true for a DROP/REJECT policy. */
    private static boolean policy(List<Finding> out, FwFile policyFile, String option, String fallback, FwFile logFile,
            String logOption, String what) {
        String value = policyFile.option(option).map(o -> o.value()).orElse(fallback);
        if (Action.valueOf(value) == Action.ACCEPT) {
            return false;
        }
        Optional<OptionSetting> set = logFile.option(logOption);
        String level = set.map(o -> o.value()).orElse("");
        if (level.isEmpty() || level.equals("nolog")) {
            int line = policyFile.option(option).map(o -> o.line()).orElse(0);
            // 'log_level_in:' without a value is nolog for pve-firewall as well, and it is there: not "not set"
            String is = set.isEmpty() ? "not set (nolog)" : level.isEmpty() ? "empty at line " + set.get().line()
                    + " (nolog)" : "nolog";
            out.add(new Finding(Severity.INFO, "unlogged-policy", policyFile.path(), line, "",
                    what + " policy " + value + (line == 0 ? " (default)" : "") + " is not logged: " + logOption + " of "
                            + logFile.path() + " is " + is,
                    "set '" + logOption + ": info' in [OPTIONS] of " + logFile.path() + "; " + ENABLE));
        }
        return true;
    }

    private static void rules(List<Finding> out, FwFile f) {
        for (Rule r : f.rules()) {
            unloggedRule(out, f, r);
        }
    }

    private static void unloggedRule(List<Finding> out, FwFile f, Rule r) {
        if (r.enabled() && r.errors().isEmpty() && r.type() != RuleType.GROUP && r.type() != RuleType.FORWARD
                && r.blocks() && !r.logs()) {
            out.add(new Finding(Severity.INFO, "unlogged-rule", f.path(), r.line(), r.text(),
                    r.action() + " rule without -log: what it drops leaves no line in pve-firewall.log",
                    "add '-log info'; " + ENABLE));
        }
    }
}
