package ai.thinkheads.droptrace.core.probe;

/** What a probe checks. */
public enum ProbeKind {
    TCP,
    UDP,
    DNS,
    TLS,
    HTTP,
    EXEC,
    FILE
}
