package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.PortOption;
import ai.thinkheads.droptrace.cli.common.StateDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.ListenCommand;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * What {@code up} checks before anything starts, so a wrong setting is one line naming its key (exit 3)
 * instead of an unexpected failure after Kafka and the correlator took their time to start: the state
 * directory can be made, {@code syslog.bind} is an address of this machine, and the ports it listens on
 * (the embedded broker's, the correlator's query API, the syslog receivers') are free now.
 */
final class UpPreflight {

    private static final String PICK = "pick another port; 0 picks a free one";

    private UpPreflight() {
    }

    static void check(UpSettings settings) {
        StateDirectory.create(settings.stateDir(), "stateDir (the embedded broker's data, the correlator's state, "
                + "the tail positions)");
        if (settings.bootstrapServers() == null && settings.kafkaPort() != 0) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            free("kafka.port", "tcp", loopback, settings.kafkaPort(), "another Kafka or droptrace up");
        }
        InetSocketAddress api = settings.api().bind();
        free("correlator.apiPort", "tcp", api.getAddress(), api.getPort(), "another droptrace up or correlate");
        UpConfig.Syslog syslog = settings.syslog();
        if (syslog == null) {
            return;
        }
        InetAddress bind;
        try {
            bind = ListenCommand.bindAddress("syslog.bind", bindOf(syslog));
        } catch (UserException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: " + e.getMessage(), e);
        }
        if (syslog.udp() != null) {
            free("syslog.udp", "udp", bind, syslog.udp(), "another syslog receiver");
        }
        if (syslog.tcp() != null) {
            free("syslog.tcp", "tcp", bind, syslog.tcp(), "another syslog receiver");
        }
    }

    /** {@code syslog.bind}, by default loopback. */
    static String bindOf(UpConfig.Syslog syslog) {
        return syslog.bind() == null ? "127.0.0.1" : syslog.bind();
    }

    /**
     * One line for a port another process holds, as {@code ingest listen} says it, with the key:
     * {@code cannot listen on udp://127.0.0.1:5514 (syslog.udp): Address already in use (...)}.
     */
    static String held(String key, String scheme, String host, int port, BindException e, String who) {
        return "cannot listen on " + PortOption.url(scheme, host, port) + " (" + key + "): " + e.getMessage() + " (is "
                + who + " running? " + PICK + ")";
    }

    private static void free(String key, String scheme, InetAddress address, int port, String who) {
        if (port == 0) {
            return;
        }
        try (Closeable probe = scheme.equals("udp") ? new DatagramSocket(new InetSocketAddress(address, port))
                : new ServerSocket(port, 1, address)) {
            // free now: the part opens it for good once it starts
        } catch (BindException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: "
                    + held(key, scheme, address.getHostAddress(), port, e, who), e);
        } catch (IOException e) {
            // not a port taken: opening it for good says what is wrong
        }
    }
}
