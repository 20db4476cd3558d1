package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.core.firewall.intent.ProposedRule;
import ai.thinkheads.droptrace.core.firewall.intent.RuleSource;
import ai.thinkheads.droptrace.core.firewall.trace.Decider;
import ai.thinkheads.droptrace.core.firewall.trace.TraceResult;
import ai.thinkheads.droptrace.core.firewall.trace.Zone;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleSource;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import ai.thinkheads.droptrace.core.phoenix.PhoenixSite;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * What {@code trace --phoenix-etc} adds to an answer: the JSON the deciding line comes from, and
 * the fix for a block as a JSON rule (and the line the generator then writes).
 */
final class PhoenixTraceNotes {

    /** The Phoenix part of the JSON answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notes(String generator, JsonLocation declaredAt, String declaredNote, ProposedRule fix) {
    }

    private PhoenixTraceNotes() {
    }

    static Notes of(PhoenixRuleset phoenix, TraceResult r) {
        JsonLocation declared = null;
        String note = null;
        Decider d = r.decidedBy();
        if (d instanceof Decider.RuleDecision rule) {
            declared = phoenix.declaredAt(rule.rule().file(), rule.rule().line()).orElse(null);
        } else if (d instanceof Decider.PolicyDecision pol) {
            declared = pol.line() == null ? null : phoenix.declaredAt(pol.file(), pol.line()).orElse(null);
            if (pol.line() == null) {
                note = pol.option() + " " + pol.action() + " is pve-firewall's default; the Phoenix JSON has no policy for "
                        + (pol.chain().startsWith("PVEFW-HOST") ? "this chain" : "guests");
            }
        }
        Optional<RuleSource.Proposal> fix = r.action().blocks()
                ? new PhoenixRuleSource(phoenix).propose(r, "droptrace trace") : Optional.empty();
        return new Notes(phoenix.generator().name().toLowerCase(java.util.Locale.ROOT), declared, note,
                fix.map(RuleSource.Proposal::rule).orElse(null));
    }

    /**
     * Why a guest zone cannot be traced when the Phoenix JSON does not declare it (the tracer's own words name Proxmox
     * files a Phoenix folder does not have), or {@code null} when every guest zone is declared.
     */
    static String undeclaredGuest(PhoenixRuleset phoenix, Zone... zones) {
        for (Zone z : zones) {
            if (z instanceof Zone.Guest g && phoenix.site().guest(g.vmid()).isEmpty()
                    && phoenix.ruleset().inventory().byVmid(g.vmid()).isEmpty()) {
                return "guest " + g.vmid() + " is not in the Phoenix JSON: neither " + PhoenixSite.LXC_FILE
                        + " .lxc_configs nor " + PhoenixSite.VM_FILE + " .vms declares it";
            }
        }
        return null;
    }

    static void print(PrintWriter out, Notes n) {
        if (n.declaredAt() != null) {
            out.println("declared " + n.declaredAt().describe());
        } else if (n.declaredNote() != null) {
            out.println("declared " + n.declaredNote());
        }
        if (n.fix() != null) {
            out.println("fix json " + n.fix().where() + ": " + n.fix().json());
            out.println("         the generator then writes " + n.fix().file() + ": " + n.fix().fwLine());
        }
        out.flush();
    }

    /** The trace result as JSON with a {@code phoenix} member. */
    static ObjectNode json(TraceResult r, Notes n) {
        ObjectNode node = Json.events().valueToTree(r);
        node.set("phoenix", Json.events().valueToTree(n));
        return node;
    }
}
