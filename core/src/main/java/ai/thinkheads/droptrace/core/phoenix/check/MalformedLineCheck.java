package ai.thinkheads.droptrace.core.phoenix.check;

import ai.thinkheads.droptrace.core.firewall.config.FwFile;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.lint.Severity;
import ai.thinkheads.droptrace.core.firewall.trace.internal.ConfigProblem;
import ai.thinkheads.droptrace.core.phoenix.JsonLocation;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRule;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class 4: generated lines pve-firewall cannot read (it skips them with a warning) or reads and
 * then leaves out (a rule with a bad value): the JSON that produced them, and how to fix it.
 */
final class MalformedLineCheck {

    private static final Pattern POLICY = Pattern.compile("^(policy_in|policy_out)\\s*:.*$");
    private static final Pattern GUEST_FILE = Pattern.compile("(\\d+)\\.fw$");

    private MalformedLineCheck() {
    }

    static void check(CheckContext ctx, List<PhoenixFinding> out) {
        for (FwFile f : ctx.phoenix.ruleset().files()) {
            for (ParseWarning w : f.warnings()) {
                JsonLocation at = ctx.phoenix.declaredAt(w.file(), w.line()).orElse(null);
                boolean cluster = w.file().endsWith("cluster.fw");
                out.add(new PhoenixFinding(Severity.ERROR, FailureClass.MALFORMED_LINE, "unreadable-line", at, w.file(),
                        w.line(), w.text(), "pve-firewall cannot read this line: " + w.message(),
                        "pve-firewall skips it with a warning on every compile: " + skipped(w.text(), at)
                                + (cluster && w.text().contains("iface") ? "; on the real site 'IN ACCEPT iface vmbr0' in "
                                        + "cluster.fw made 'phoenix-cli sync all' fail" : ""),
                        advice(ctx, w.file(), w.text(), at), null));
            }
        }
        for (ConfigProblem p : ctx.tracer.compiled().problems()) {
            JsonLocation at = ctx.phoenix.declaredAt(p.file(), p.line()).orElse(null);
            out.add(new PhoenixFinding(Severity.ERROR, FailureClass.MALFORMED_LINE, "rule-error", at, p.file(), p.line(),
                    p.text(), "pve-firewall reads this line but never compiles it: " + p.message(),
                    "the rule declared at " + (at == null ? "this line" : at.path()) + " does not exist in the chains",
                    advice(ctx, p.file(), p.text(), at), null));
        }
    }

    /** What is lost with a skipped line: a rule, or an option, whose default then applies. */
    private static String skipped(String text, JsonLocation at) {
        Matcher policy = POLICY.matcher(text.strip());
        if (policy.matches()) {
            return policy.group(1) + " is not set, so pve-firewall's default applies ("
                    + (policy.group(1).equals("policy_out") ? "ACCEPT" : "DROP") + ")";
        }
        return "the rule declared at " + (at == null ? "this line" : at.path()) + " does not exist";
    }

    /** A rule with a valid type and action and nothing to match but its interface. */
    private static boolean matchesEveryPacket(PhoenixRule r) {
        return (r.isIn() || r.isOut()) && List.of("ACCEPT", "DROP", "REJECT").contains(r.actionUpper())
                && r.proto() == null && r.source() == null && r.dest() == null && r.port() == null;
    }

    /** Whom the rules of a generated file filter: the host for cluster.fw, else the guest of the file. */
    private static String whose(CheckContext ctx, String fwFile) {
        Matcher guest = GUEST_FILE.matcher(fwFile);
        return guest.find() ? ctx.label(Integer.parseInt(guest.group(1))) : "the host";
    }

    private static String advice(CheckContext ctx, String fwFile, String text, JsonLocation at) {
        String json = at == null || at.path() == null ? "the JSON" : at.path();
        boolean older = text.matches(".*\\siface\\s.*") && !text.contains("-iface");
        if (older || text.contains("-iface")) {
            String why = older ? "the older generate_rule_string writes 'iface X' without a dash and pve-firewall wants '-i X'"
                    : "pve-firewall knows '-i', not '-iface'";
            Optional<PhoenixRule> rule = at == null || at.path() == null ? Optional.empty() : ctx.site.rule(at.file(), at.path());
            if (rule.isPresent() && matchesEveryPacket(rule.get())) {
                // Stripped of iface, the site's 'Allow traffic on the main bridge' would open the host to everything.
                PhoenixRule r = rule.get();
                return why + ": remove the rule at " + json + " (the site removed it); without \"iface\" it would be '"
                        + r.type().toUpperCase(Locale.ROOT) + " " + r.actionUpper() + "', which "
                        + r.actionUpper().toLowerCase(Locale.ROOT) + "s every packet " + (r.isIn() ? "to " : "from ")
                        + whose(ctx, fwFile) + ", ahead of the rules after it and the policy";
            }
            return why + ": remove \"iface\" from " + json + " (the rule then matches on every interface), or fix the generator";
        }
        if (text.matches("(?i)^\\s*in ACCEPT -i eth\\d.*")) {
            return "a guest file's -i must name a NIC as netN: the generator's public-interface rules need '-i net1'";
        }
        if (text.startsWith("policy_")) {
            return "set " + json + " to ACCEPT, DROP or REJECT";
        }
        return "correct the values at " + json + " so the generated line is one pve-firewall compiles";
    }
}
