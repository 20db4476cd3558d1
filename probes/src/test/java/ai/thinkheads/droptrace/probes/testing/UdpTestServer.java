package ai.thinkheads.droptrace.probes.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.function.UnaryOperator;

/**
 * A UDP server on 127.0.0.1: it answers each datagram with {@code answer.apply(request)}, or stays
 * silent when that returns {@code null}.
 */
public final class UdpTestServer implements AutoCloseable {

    private final DatagramSocket socket;

    public UdpTestServer(UnaryOperator<byte[]> answer) throws SocketException, IOException {
        this(0, answer);
    }

    /** On {@code port} ({@code 0}: any free one). */
    public UdpTestServer(int port, UnaryOperator<byte[]> answer) throws SocketException, IOException {
        socket = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[65535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    socket.receive(p);
                    byte[] reply = answer.apply(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                    if (reply != null) {
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "udp-test-server");
        t.setDaemon(true);
        t.start();
    }

    public static UdpTestServer echo() throws IOException {
        return new UdpTestServer(request -> request);
    }

    public static UdpTestServer silent() throws IOException {
        return new UdpTestServer(request -> null);
    }

    /** Answers every DNS query with SERVFAIL: the query echoed with QR set and RCODE 2. */
    public static UdpTestServer servfail() throws IOException {
        return new UdpTestServer(q -> {
            byte[] r = q.clone();
            r[2] = (byte) (r[2] | 0x80);
            r[3] = (byte) ((r[3] & 0xF0) | 0x02);
            return r;
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
