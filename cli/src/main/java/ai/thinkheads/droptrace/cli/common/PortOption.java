package ai.thinkheads.droptrace.cli.common;

/** A port given on the command line: outside 0-65535 it is a usage error that names the option; and how an endpoint is written. */
public final class PortOption {

    private PortOption() {
    }

    /**
     * Checks {@code port} ({@code null}: not given).
     *
     * @param note said after the range, such as {@code 0 picks a free one}; {@code null} for nothing
     */
    public static void check(String option, Integer port, String note) {
        if (port != null && (port < 0 || port > 65535)) {
            throw new UserException(ExitCodes.USAGE, option + " " + port + " is not a port (0-65535"
                    + (note == null ? "" : "; " + note) + ")");
        }
    }

    /** {@code scheme://host:port}, an IPv6 address in brackets ({@code tcp://[::1]:5514}) as URLs write it. */
    public static String url(String scheme, String host, int port) {
        return scheme + "://" + (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
