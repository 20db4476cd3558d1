package ai.thinkheads.droptrace.core.firewall.trace;

import ai.thinkheads.droptrace.core.firewall.config.Ruleset;

/** Builds the one-guest rulesets of {@link RulePropertiesTest} for other test packages. */
public final class RulePropertiesTestSupport {

    private RulePropertiesTestSupport() {
    }

    /** A cluster file and the file of container 500 (10.1.0.5 on vmbr0). */
    public static Ruleset ruleset(String clusterText, String guestText) {
        return RulePropertiesTest.ruleset(clusterText, guestText);
    }
}
