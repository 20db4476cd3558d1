package ai.thinkheads.droptrace.core.firewall.trace.internal;

/** Which kind of chain a rule is compiled into: it decides the direction and how pve-firewall rewrites the action. */
enum ChainKind {
    HOST_IN, HOST_OUT, GUEST_IN, GUEST_OUT, GROUP_IN, GROUP_OUT;

    boolean in() {
        return this == HOST_IN || this == GUEST_IN || this == GROUP_IN;
    }

    boolean group() {
        return this == GROUP_IN || this == GROUP_OUT;
    }

    /**
     * The action word pve-firewall puts into the log message once an earlier compile pass has
     * rewritten the rule in place (IPv6 rulesets, second NICs).
     */
    String rewritten(String action) {
        if (action.equals("REJECT")) {
            return "PVEFW-reject";
        }
        if (action.equals("ACCEPT")) {
            return switch (this) {
                case HOST_IN, HOST_OUT -> "RETURN";
                case GUEST_OUT -> "PVEFW-SET-ACCEPT-MARK";
                default -> "ACCEPT";
            };
        }
        return action;
    }
}
