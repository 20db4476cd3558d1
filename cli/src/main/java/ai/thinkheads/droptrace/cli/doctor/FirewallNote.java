package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import java.util.Optional;

/**
 * What doctor says on stderr about a firewall configuration its verdicts cannot rest on: one that builds no
 * rules at all (no cluster.fw, as in a directory that is not /etc/pve, or a firewall that is off), or one with
 * lines pve-firewall would skip. Pure.
 */
final class FirewallNote {

    private FirewallNote() {
    }

    /** The note for the configuration read from {@code source}, or empty when there is nothing to say. */
    static Optional<String> of(RuleTracer tracer, String source) {
        if (!tracer.compiled().enabled()) {
            String reason = tracer.ruleset().warnings().stream().map(ParseWarning::message)
                    .filter(m -> m.startsWith("cluster.fw not")).findFirst()
                    .orElse(tracer.compiled().disabledReason());
            return Optional.of("droptrace doctor: note: firewall configuration " + source + ": " + reason
                    + "; no verdict can name a rule (if this is not the Proxmox configuration directory, give that "
                    + "with --config-dir)");
        }
        return Optional.ofNullable(FirewallConfigOptions.skippedNote(tracer.ruleset(), tracer))
                .map(note -> "droptrace doctor: note: firewall configuration: " + note);
    }
}
