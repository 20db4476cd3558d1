package ai.thinkheads.droptrace.core.firewall.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one rule line the way pve-firewall's {@code parse_fw_rule} does: comment, disable bar,
 * type and action (or {@code MACRO(ACTION)}), then options with one or two dashes. A line it
 * cannot read at all is a failure (pve-firewall skips it with a warning); a line it can read but
 * whose values are wrong becomes a rule with errors (kept, never compiled).
 */
public final class RuleLineParser {

    /** Where a rule is written: the checks differ (no {@code -i} in groups, {@code netN} in guests). */
    public enum Env { CLUSTER, HOST, GUEST, GROUP }

    /** A parsed rule, or why the line could not be read. Exactly one is set. */
    public record Result(Rule rule, String error) {
    }

    private static final Pattern HEAD = Pattern.compile("^(\\S+)\\s+(\\S+)\\s*");
    private static final Pattern MACRO = Pattern.compile("^(\\S+)\\((ACCEPT|DROP|REJECT)\\)$");
    private static final Pattern IFACE_OPT = Pattern.compile("^-i (\\S+)\\s*");
    private static final Pattern PROTO_OPT = Pattern.compile("^(?:-p|--?proto) (\\S+)\\s*");
    private static final Pattern DPORT_OPT = Pattern.compile("^--?dport (\\S+)\\s*");
    private static final Pattern SPORT_OPT = Pattern.compile("^--?sport (\\S+)\\s*");
    private static final Pattern SOURCE_OPT = Pattern.compile("^--?source (\\S+)\\s*");
    private static final Pattern DEST_OPT = Pattern.compile("^--?dest (\\S+)\\s*");
    private static final Pattern LOG_OPT =
            Pattern.compile("^--?log (emerg|alert|crit|err|warning|notice|info|debug|nolog)\\s*");
    private static final Pattern ICMP_OPT = Pattern.compile("^--?icmp-type (\\S+)\\s*");

    private RuleLineParser() {
    }

    public static Result parse(String text, int line, String section, Env env) {
        String rest = text;
        String comment = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            comment = rest.substring(hash + 1).strip();
            rest = rest.substring(0, hash);
        }
        boolean enabled = true;
        if (rest.startsWith("|")) {
            enabled = false;
            rest = rest.substring(1);
        }
        Matcher head = HEAD.matcher(rest);
        if (!head.find()) {
            return new Result(null, "unable to parse rule: " + rest.strip());
        }
        String typeWord = head.group(1).toLowerCase(Locale.ROOT);
        String action = head.group(2);
        rest = rest.substring(head.end());
        RuleType type = switch (typeWord) {
            case "in" -> RuleType.IN;
            case "out" -> RuleType.OUT;
            case "group" -> RuleType.GROUP;
            case "forward" -> RuleType.FORWARD;
            default -> null;
        };
        if (type == null) {
            return new Result(null, "unknown rule type '" + typeWord + "'");
        }
        String macro = null;
        if (type == RuleType.IN || type == RuleType.OUT || type == RuleType.FORWARD) {
            Matcher m = MACRO.matcher(action);
            if (m.matches()) {
                macro = m.group(1);
                action = m.group(2);
            }
        }
        Options o = new Options();
        while (!rest.isEmpty()) {
            Matcher m;
            if ((m = IFACE_OPT.matcher(rest)).find()) {
                o.iface = m.group(1);
            } else if (type == RuleType.GROUP) {
                break;
            } else if ((m = PROTO_OPT.matcher(rest)).find()) {
                o.proto = m.group(1);
            } else if ((m = DPORT_OPT.matcher(rest)).find()) {
                o.dport = m.group(1);
            } else if ((m = SPORT_OPT.matcher(rest)).find()) {
                o.sport = m.group(1);
            } else if ((m = SOURCE_OPT.matcher(rest)).find()) {
                o.source = m.group(1);
            } else if ((m = DEST_OPT.matcher(rest)).find()) {
                o.dest = m.group(1);
            } else if ((m = LOG_OPT.matcher(rest)).find()) {
                o.log = LogLevel.parse(m.group(1));
            } else if ((m = ICMP_OPT.matcher(rest)).find()) {
                o.icmpType = m.group(1);
            } else {
                break;
            }
            rest = rest.substring(m.end());
        }
        if (!rest.isEmpty()) {
            return new Result(null, "unable to parse rule parameters: " + rest.strip());
        }
        Rule unchecked = new Rule(line, text, section, enabled, type, action, macro, o.iface, o.source, o.dest,
                o.proto, o.dport, o.sport, o.log, o.icmpType, comment == null || comment.isEmpty() ? null : comment,
                null);
        return new Result(withErrors(unchecked, RuleChecks.check(unchecked, env)), null);
    }

    private static Rule withErrors(Rule r, java.util.List<String> errors) {
        if (errors.isEmpty()) {
            return r;
        }
        return new Rule(r.line(), r.text(), r.section(), r.enabled(), r.type(), r.action(), r.macro(), r.iface(),
                r.source(), r.dest(), r.proto(), r.dport(), r.sport(), r.log(), r.icmpType(), r.comment(), errors);
    }

    private static final class Options {
        String iface;
        String proto;
        String dport;
        String sport;
        String source;
        String dest;
        LogLevel log;
        String icmpType;
    }
}
