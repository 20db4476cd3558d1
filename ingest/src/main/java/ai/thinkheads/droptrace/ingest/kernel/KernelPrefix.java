package ai.thinkheads.droptrace.ingest.kernel;

import ai.thinkheads.droptrace.core.event.Action;
import java.util.Locale;

/**
 * Derives the action from the free-text prefix of a kernel netfilter LOG line, only where it is
 * unambiguous: {@code [UFW BLOCK]} is DROP, {@code [UFW ALLOW]} ACCEPT, Ubiquiti/VyOS
 * {@code [RULESET-RULE-A|D|R]} ACCEPT/DROP/REJECT, and a prefix whose words name exactly one kind
 * of action ({@code iptables DROP_INPUT:}, {@code DENY:}, {@code REJECTED}) that action. A prefix
 * naming no action, or more than one kind ({@code ACCEPT-then-DROP}), or {@code [UFW AUDIT]}, gives
 * {@code null}: the line does not say.
 */
public final class KernelPrefix {

    private KernelPrefix() {
    }

    public static Action action(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return null;
        }
        Action ubiquiti = ubiquiti(prefix);
        if (ubiquiti != null) {
            return ubiquiti;
        }
        Action found = null;
        int n = prefix.length();
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetter(prefix.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && Character.isLetter(prefix.charAt(i))) {
                i++;
            }
            if (i > start) {
                Action word = word(prefix.substring(start, i).toUpperCase(Locale.ROOT));
                if (word != null) {
                    if (found != null && found != word) {
                        return null;
                    }
                    found = word;
                }
            }
        }
        return found;
    }

    private static Action word(String word) {
        return switch (word) {
            case "DROP", "DROPPED", "DROPPING", "BLOCK", "BLOCKED", "DENY", "DENIED", "DISCARD" -> Action.DROP;
            case "REJECT", "REJECTED" -> Action.REJECT;
            case "ACCEPT", "ACCEPTED", "ALLOW", "ALLOWED", "PASS", "PERMIT" -> Action.ACCEPT;
            default -> null;
        };
    }

    /** {@code [LAN_LOCAL-default-A]}: rule set, rule number or {@code default}, then A(ccept), D(rop) or R(eject). */
    private static Action ubiquiti(String prefix) {
        int open = prefix.indexOf('[');
        int close = prefix.indexOf(']', open + 1);
        if (open < 0 || close < open + 4 || prefix.charAt(close - 2) != '-') {
            return null;
        }
        String inside = prefix.substring(open + 1, close);
        if (inside.indexOf(' ') >= 0 || inside.chars().filter(c -> c == '-').count() < 2) {
            return null;
        }
        return switch (prefix.charAt(close - 1)) {
            case 'A' -> Action.ACCEPT;
            case 'D' -> Action.DROP;
            case 'R' -> Action.REJECT;
            default -> null;
        };
    }
}
