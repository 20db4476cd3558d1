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
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code up} checks before anything starts, so a wrong setting is one line naming its key (exit 3)
 * instead of an unexpected failure after Kafka and the correlator took their time to start: the state
 * directory can be made, {@code syslog.bind} is an address of this machine, and the ports it listens on
 * (the embedded broker's, the correlator's query API, the syslog receivers') are not one another's and are free now.
 */
final class UpPreflight {

    private static final String PICK = "pick another port; 0 picks a free one";

    private UpPreflight() {
    }

    /** A port {@code up} listens on, with the key that sets it. */
    private record Listening(String key, String scheme, InetAddress address, int port, String who) {

        /** Whether this one and {@code other} cannot both be opened: one protocol, one port, addresses that overlap. */
        boolean clashesWith(Listening other) {
            return port != 0 && port == other.port && scheme.equals(other.scheme) && (address.equals(other.address)
                    || address.isAnyLocalAddress() || other.address.isAnyLocalAddress());
        }
    }

    static void check(UpSettings settings) {
        StateDirectory.create(settings.stateDir(), "stateDir (the embedded broker's data, the correlator's state, "
                + "the tail positions)");
        List<Listening> ports = new ArrayList<>();
        if (settings.bootstrapServers() == null) {
            ports.add(new Listening("kafka.port", "tcp", InetAddress.getLoopbackAddress(), settings.kafkaPort(),
                    "another Kafka or droptrace up"));
        }
        InetSocketAddress api = settings.api().bind();
        ports.add(new Listening("correlator.apiPort", "tcp", api.getAddress(), api.getPort(),
                "another droptrace up or correlate"));
        UpConfig.Syslog syslog = settings.syslog();
        if (syslog != null) {
            InetAddress bind;
            try {
                bind = ListenCommand.bindAddress("syslog.bind", bindOf(syslog));
            } catch (UserException e) {
                throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: " + e.getMessage(), e);
            }
            if (syslog.udp() != null) {
                ports.add(new Listening("syslog.udp", "udp", bind, syslog.udp(), "another syslog receiver"));
            }
            if (syslog.tcp() != null) {
                ports.add(new Listening("syslog.tcp", "tcp", bind, syslog.tcp(), "another syslog receiver"));
            }
        }
        // two parts of up on one port: the second would fail after the first started, said as another process's
        for (int i = 0; i < ports.size(); i++) {
            for (int j = i + 1; j < ports.size(); j++) {
                Listening one = ports.get(i);
                if (one.clashesWith(ports.get(j))) {
                    throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: " + one.key() + " and "
                            + ports.get(j).key() + " are both " + one.scheme() + " port " + one.port() + ": up cannot "
                            + "listen on one port twice; pick another for one of them (0 picks a free one)");
                }
            }
        }
        for (Listening port : ports) {
            free(port.key(), port.scheme(), port.address(), port.port(), port.who());
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
