package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Phoenix part of {@code droptrace rules check}: the seven failure classes of the site's
 * history, each finding with the JSON to change, the {@code .fw} line it becomes, what it breaks
 * and the fix. The generic checks ({@code RulesChecker}) run on the generated ruleset besides.
 */
public final class PhoenixChecker {

    private PhoenixChecker() {
    }

    public static List<PhoenixFinding> check(PhoenixRuleset phoenix, RuleTracer tracer) {
        CheckContext ctx = new CheckContext(phoenix, tracer);
        List<PhoenixFinding> out = new ArrayList<>();
        GuestRulesOnHostCheck.check(ctx, out);
        GuestFirewallCheck.check(ctx, out);
        PortMismatchCheck.check(ctx, out);
        MalformedLineCheck.check(ctx, out);
        StaleAddressCheck.check(ctx, out);
        IcmpDnsCheck.check(ctx, out);
        SchemaCheck.check(ctx, out);
        out.sort(Comparator.comparing(PhoenixFinding::severity)
                .thenComparing(f -> f.failureClass().number())
                .thenComparing(f -> f.fwFile() == null ? "" : f.fwFile())
                .thenComparingInt(PhoenixFinding::fwLine));
        return out;
    }
}
