package ai.thinkheads.droptrace.core.alert;

/** Why the correlator raised an alert, most severe first. */
public enum AlertKind {
    /** A drop or reject on a flow that must work (a path the probe matrix expects to pass). */
    MUST_WORK_BLOCKED(Severity.CRITICAL),
    /** A pair's blocked count in one minute is well above its own recent baseline. */
    RATE_ABOVE_BASELINE(Severity.WARNING),
    /** The first drops or rejects of a pair never seen blocked before. */
    FIRST_DROPS(Severity.NOTICE);

    private final Severity severity;

    AlertKind(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** How urgent an alert is. */
    public enum Severity {
        CRITICAL,
        WARNING,
        NOTICE
    }
}
