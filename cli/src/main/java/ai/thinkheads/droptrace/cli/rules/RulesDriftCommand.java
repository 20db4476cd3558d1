package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.drift.DriftDetector;
import ai.thinkheads.droptrace.core.phoenix.drift.DriftItem;
import ai.thinkheads.droptrace.core.phoenix.drift.DriftReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code droptrace rules drift}: what the Phoenix JSON declares against what pve-firewall actually has. */
@Command(name = "drift", mixinStandardHelpOptions = true, resourceBundle = "ai.thinkheads.droptrace.cli.rules.LiveConfigDirHelp",
        description = {"Compares the firewall a Phoenix etc/ folder declares (the .fw files its generator writes) with a "
                + "live Proxmox configuration directory: missing and extra rules (by meaning, not spelling), options, "
                + "guest firewalls not enabled, NICs with firewall=0, host files where Proxmox does not read them.",
            "Needs --phoenix-etc and --config-dir (default /etc/pve). Exit code: 0 without drift, 5 with drift."})
public final class RulesDriftCommand implements Callable<Integer> {

    @Mixin
    OutputOptions common;

    @Mixin
    FirewallConfigOptions config;

    @Override
    public Integer call() {
        if (!config.isPhoenix()) {
            throw new UserException(ExitCodes.USAGE, "give the declared side with --phoenix-etc DIR (and the live one with "
                    + "--config-dir DIR, default /etc/pve)");
        }
        PhoenixRuleset declared = config.phoenix();
        Ruleset live = config.loadLive();
        DriftReport report = DriftDetector.compare(declared, config.describe(), live, config.configDir());
        if (common.json()) {
            JsonOutput.document(common.out(), report);
        } else {
            PrintWriter out = common.out();
            for (DriftItem i : report.items()) {
                out.println(String.format("%-28s %s", i.kind(), i.message()));
                if (i.declaredAt() != null) {
                    out.println("  declared  " + i.declaredAt().describe());
                }
                if (i.declared() != null) {
                    out.println("  generated " + i.declared());
                }
                if (i.live() != null) {
                    out.println("  live      " + i.live());
                }
            }
            out.println(report.items().size() + " difference(s) between " + report.declared() + " and " + report.live());
            out.flush();
        }
        return report.drifted() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }
}
