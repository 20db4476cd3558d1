package ai.thinkheads.droptrace.cli.common;

/** Every exit code droptrace uses, decided in one place. */
public final class ExitCodes {

    public static final int OK = 0;
    /** Something went wrong that droptrace did not expect. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;
    /** A configuration file or directory is invalid. */
    public static final int CONFIG_INVALID = 3;
    /** Kafka could not be reached or did not answer in time. */
    public static final int KAFKA_UNAVAILABLE = 4;
    /** The command ran and found a problem: a probe or doctor check failed, a path is blocked. */
    public static final int CHECK_FAILED = 5;
    /** The droptrace query API (a running {@code droptrace correlate}) could not be reached. */
    public static final int API_UNAVAILABLE = 6;
    /** {@code droptrace trace}: the firewall drops the packet. */
    public static final int PATH_DROPPED = 7;
    /** {@code droptrace trace}: the firewall rejects the packet. */
    public static final int PATH_REJECTED = 8;
    /**
     * {@code droptrace parse} and {@code replay}: lines were read, and not one was a firewall line or a
     * logger status line (the wrong file?). Each went to the dead letters as usual. Also {@code trace
     * --log-file/--log-line} when not one line read is a pve-firewall.log line, and {@code probe replay} when not
     * one line read is a probe result.
     */
    public static final int NO_FIREWALL_LINES = 9;
    /**
     * Stdout was closed before the command had written everything (its reader, such as {@code head},
     * stopped): the command stops without a word, with the code of a process ended by SIGPIPE
     * (128 + 13), as {@code grep} or {@code jq} would.
     */
    public static final int STDOUT_CLOSED = 141;

    private ExitCodes() {
    }
}
