package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.PortOption;
import ai.thinkheads.droptrace.cli.common.StateDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.ListenCommand;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

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

    /** A port {@code up} listens on, with the key that sets it and what to do when another process holds it. */
    private record Listening(String key, String scheme, InetAddress address, int port, String advice) {

        /** A port of a key: another process on it is told to be stopped, or the key given another port. */
        static Listening of(String key, String scheme, InetAddress address, int port, String who) {
            return new Listening(key, scheme, address, port, "is " + who + " running? " + PICK);
        }

        /** Whether this one and {@code other} cannot both be opened: one protocol, one port, addresses that overlap. */
        boolean clashesWith(Listening other) {
            return port != 0 && port == other.port && scheme.equals(other.scheme) && (address.equals(other.address)
                    || address.isAnyLocalAddress() || other.address.isAnyLocalAddress());
        }
    }

    /** The state directory, made when missing: first, as the locks of what it holds are taken in it. */
    static void stateDir(UpSettings settings) {
        StateDirectory.create(settings.stateDir(), "stateDir (the embedded broker's data, the correlator's state, "
                + "the tail positions)");
    }

    /** The rest, once {@code up} holds the locks of its state directory (a second up on it is said as such). */
    static void check(UpSettings settings) {
        List<Listening> ports = new ArrayList<>();
        if (settings.bootstrapServers() == null) {
            ports.addAll(embeddedBroker(settings));
        }
        InetSocketAddress api = settings.api().bind();
        ports.add(Listening.of("correlator.apiPort", "tcp", api.getAddress(), api.getPort(),
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
                ports.add(Listening.of("syslog.udp", "udp", bind, syslog.udp(), "another syslog receiver"));
            }
            if (syslog.tcp() != null) {
                ports.add(Listening.of("syslog.tcp", "tcp", bind, syslog.tcp(), "another syslog receiver"));
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
            free(port);
        }
    }

    /**
     * The embedded broker's ports: {@code kafka.port}, and those its data keeps from its first start. The controller's
     * address is part of the data (its voter set), so a restart listens on it again: another process on it since
     * (a port picked at random once, in the range the system hands out) made the broker's start halt the JVM with
     * Kafka's ERROR lines alone. {@code kafka.port} 0 is the port the first start picked, too.
     */
    private static List<Listening> embeddedBroker(UpSettings settings) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Path data = settings.stateDir().resolve("kafka");
        List<Listening> ports = new ArrayList<>();
        if (settings.kafkaPort() != 0) {
            ports.add(Listening.of("kafka.port", "tcp", loopback, settings.kafkaPort(), "another Kafka or droptrace up"));
        } else {
            kept(data, "PLAINTEXT").ifPresent(port -> ports.add(new Listening("kafka.port 0: the port the embedded "
                    + "broker's first start picked, kept in " + data, "tcp", loopback, port, "is another Kafka or droptrace "
                    + "up running? give kafka.port another port")));
        }
        kept(data, "CONTROLLER").ifPresent(port -> ports.add(new Listening("the embedded broker's controller port, kept in "
                + data + " since its first start", "tcp", loopback, port, "'ss -ltnp sport = :" + port + "' shows which "
                + "process holds it: stop that one; the controller's port cannot move, it is part of the broker's data")));
        return ports;
    }

    /** The port of {@code listener} kept in the embedded broker's data; empty for none, or data that cannot be read. */
    private static OptionalInt kept(Path data, String listener) {
        try {
            return EmbeddedKafkaBroker.keptPort(data, listener);
        } catch (RuntimeException e) { // the broker's start says what is wrong with its data
            return OptionalInt.empty();
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

    private static void free(Listening port) {
        if (port.port() == 0) {
            return;
        }
        try (Closeable probe = port.scheme().equals("udp") ? new DatagramSocket(new InetSocketAddress(port.address(),
                port.port())) : new ServerSocket(port.port(), 1, port.address())) {
            // free now: the part opens it for good once it starts
        } catch (BindException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: cannot listen on "
                    + PortOption.url(port.scheme(), port.address().getHostAddress(), port.port()) + " (" + port.key()
                    + "): " + e.getMessage() + " (" + port.advice() + ")", e);
        } catch (IOException e) {
            // not a port taken: opening it for good says what is wrong
        }
    }
}
