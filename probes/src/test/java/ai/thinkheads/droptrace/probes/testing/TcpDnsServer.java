package ai.thinkheads.droptrace.probes.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A DNS server over TCP on 127.0.0.1 and a given port: every question of type A is answered {@code 10.0.0.10}, or,
 * {@link #closing closing}, the connection is closed once the query is read.
 */
public final class TcpDnsServer implements AutoCloseable {

    private final ServerSocket server;

    public TcpDnsServer(int port) throws IOException {
        this(port, true);
    }

    private TcpDnsServer(int port, boolean answer) throws IOException {
        server = new ServerSocket(port, 5, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] query = in.readNBytes(in.readUnsignedShort());
                    if (!answer) {
                        continue;
                    }
                    byte[] reply = DnsReplies.address(query);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    out.writeShort(reply.length);
                    out.write(reply);
                    out.flush();
                } catch (IOException e) {
                    // closed, or a client that went away: serve the next
                }
            }
        }, "tcp-dns-test-server");
        t.setDaemon(true);
        t.start();
    }

    /** Reads the query and closes the connection without an answer, on any free port. */
    public static TcpDnsServer closing() throws IOException {
        return new TcpDnsServer(0, false);
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
