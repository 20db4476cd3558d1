package ai.thinkheads.droptrace.core.verdict;

/** How sure a verdict is. */
public enum Confidence {
    /** Two kinds of evidence agree (a log line and the ruleset, or the probe's outcome and the ruleset). */
    HIGH,
    /** One kind of evidence decides and nothing contradicts it. */
    MEDIUM,
    /** The evidence is thin or contradicts itself. */
    LOW
}
