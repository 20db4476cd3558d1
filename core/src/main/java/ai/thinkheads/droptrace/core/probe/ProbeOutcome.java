package ai.thinkheads.droptrace.core.probe;

/**
 * One taxonomy for every probe kind: what happened on the wire or in the guest. Whether it was
 * the expected result is {@link ProbeResult#passed()}, decided by the probe's expectations.
 */
public enum ProbeOutcome {
    // tcp
    OPEN(Category.SUCCESS),
    REFUSED(Category.REFUSED),
    TIMEOUT(Category.SILENT),
    UNREACHABLE(Category.UNREACHABLE),
    // udp
    REPLY(Category.SUCCESS),
    NO_REPLY(Category.SILENT),
    // dns
    NOERROR(Category.SUCCESS),
    NXDOMAIN(Category.APPLICATION),
    SERVFAIL(Category.APPLICATION),
    // tls
    TRUSTED(Category.SUCCESS),
    UNTRUSTED(Category.TLS),
    HOSTNAME_MISMATCH(Category.TLS),
    EXPIRED(Category.TLS),
    NOT_YET_VALID(Category.TLS),
    INCOMPLETE_CHAIN(Category.TLS),
    HANDSHAKE_TIMEOUT(Category.TLS),
    /** The TLS handshake failed for a reason other than trust (no common protocol, not TLS at all). */
    HANDSHAKE_FAILED(Category.TLS),
    // http, exec, file
    HTTP_OK(Category.SUCCESS),
    HTTP_UNEXPECTED(Category.APPLICATION),
    /** Connected (and TLS done), but no HTTP response arrived in time. */
    RESPONSE_TIMEOUT(Category.APPLICATION),
    EXEC_OK(Category.SUCCESS),
    EXEC_FAILED(Category.APPLICATION),
    FILE_OK(Category.SUCCESS),
    FILE_MISMATCH(Category.APPLICATION),
    /** The file does not exist (or cannot be read). */
    FILE_MISSING(Category.APPLICATION),
    /** The file exists but is not what it should be (not a PEM certificate). */
    FILE_INVALID(Category.APPLICATION),
    /** A response arrived but an expectation on its content failed. */
    EXPECTATION_FAILED(Category.APPLICATION),
    /** The probe itself could not run (bad tool output, local error). */
    ERROR(Category.PROBE_ERROR);

    /** Broad classes the correlator reasons with. */
    public enum Category {
        /** The path and the service worked. */
        SUCCESS,
        /** No answer at all: the black-hole signature of a firewall DROP. */
        SILENT,
        /** A TCP reset or ICMP port unreachable: service down, or a firewall REJECT. */
        REFUSED,
        /** ICMP host/net unreachable or administratively prohibited. */
        UNREACHABLE,
        /** The network path worked; TLS trust or validity did not. */
        TLS,
        /** The network path worked; the service answered wrongly. */
        APPLICATION,
        /** The probe could not be run. */
        PROBE_ERROR
    }

    private final Category category;

    ProbeOutcome(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
