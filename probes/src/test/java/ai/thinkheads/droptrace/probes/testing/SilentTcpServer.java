package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP listener on 127.0.0.1 that accepts connections and never says anything: what a TLS
 * client sees as a handshake timeout, and an HTTP client as a response timeout.
 */
public final class SilentTcpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();

    public SilentTcpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "silent-tcp");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
