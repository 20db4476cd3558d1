package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports: bound for a moment by the test itself, then released. */
public final class Ports {

    private Ports() {
    }

    /** A TCP port on 127.0.0.1 that nothing listens on (it was just free). */
    public static int closedTcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A UDP port on 127.0.0.1 that nothing listens on (it was just free). */
    public static int closedUdp() {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free for both TCP and UDP on 127.0.0.1 (for dnsmasq, which binds both). */
    public static int freeForBoth() {
        for (int i = 0; i < 50; i++) {
            int port = closedTcp();
            try (DatagramSocket s = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException e) {
                // taken for UDP: try another
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP");
    }
}
