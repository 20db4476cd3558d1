package ai.thinkheads.droptrace.core.verdict;

/** What a failed probe (or a recovered one) comes down to. */
public enum VerdictClass {
    /** A drop logged on the probe's flow in the window around it proves the firewall dropped it. */
    BLOCKED_LOGGED(true),
    /** Nothing was logged, but the ruleset drops the probe's packet: the tracer names the rule or policy. */
    BLOCKED_PREDICTED(true),
    /** The firewall rejected it: a logged reject, or a ruleset that rejects the packet and a refused probe. */
    REJECTED(true),
    /** The ruleset accepts the packet and nothing was logged: routing, the service, or the guest's own firewall. */
    NOT_FIREWALL(false),
    /** The path works; the server's certificate chain is not trusted by the probe's trust anchor. */
    TLS_UNTRUSTED(false),
    /** The path works; the certificate does not name the server name asked for. */
    TLS_HOSTNAME_MISMATCH(false),
    /** The path works; the certificate is expired or not yet valid. */
    TLS_EXPIRED(false),
    /** The ruleset accepts the packet and the connection was refused: nothing listens on the port. */
    SERVICE_DOWN(false),
    /** The path and the connection work; the service answered wrongly (HTTP status, DNS answer, handshake). */
    SERVICE_ERROR(false),
    /** The log and the ruleset (or the probe's outcome) disagree: the configuration may have changed. */
    CONFLICTING_EVIDENCE(false),
    /** No ruleset is known and nothing was logged: the evidence does not decide it. */
    UNDETERMINED(false),
    /** The probe could not run, so it says nothing about the path. */
    PROBE_ERROR(false),
    /** A probe that had failed works again. */
    OK(false);

    private final boolean firewall;

    VerdictClass(boolean firewall) {
        this.firewall = firewall;
    }

    /** Whether the verdict blames the firewall. */
    public boolean firewall() {
        return firewall;
    }
}
