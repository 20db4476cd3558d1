package ai.thinkheads.droptrace.probes.tcp;

import ai.thinkheads.droptrace.core.firewall.net.IpAddress;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.run.Finding;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A TCP connect from here, classified: OPEN, REFUSED (a reset), TIMEOUT (no answer at all: the
 * black-hole signature) or UNREACHABLE (an ICMP unreachable or administratively-prohibited).
 */
public final class TcpConnect {

    /** An attempt: the finding, and the connected socket when OPEN (the caller closes it). */
    public record Attempt(Finding finding, Socket socket) {
        public boolean open() {
            return socket != null;
        }
    }

    private TcpConnect() {
    }

    public static Attempt connect(String address, int port, Duration timeout) {
        Socket socket = new Socket();
        long start = System.nanoTime();
        try {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
            long millis = millisSince(start);
            return new Attempt(Finding.of(ProbeOutcome.OPEN, "port " + port + " accepted the connection")
                    .withConnectMillis(millis)
                    .withFact("tcp.localAddress", logged(socket.getLocalAddress())), socket);
        } catch (IOException e) {
            close(socket);
            return new Attempt(classify(e, port, timeout).withConnectMillis(millisSince(start)), null);
        }
    }

    /**
     * The address as the result's source and the log write it: Java writes IPv6 {@code 0:0:0:0:0:0:0:1}, and a
     * link-local one with its zone ({@code fe80:0:0:0:0:0:0:1%eth0}).
     */
    static String logged(InetAddress address) {
        return address instanceof Inet6Address ? IpAddress.ntop(address.getAddress()) : address.getHostAddress();
    }

    /** Maps a connect failure to the taxonomy. */
    public static Finding classify(IOException e, int port, Duration timeout) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SocketTimeoutException) {
            return Finding.of(ProbeOutcome.TIMEOUT, "no answer to the connection request within " + Explain.seconds(timeout)
                    + ": not even a reset came back, the signature of a firewall DROP (or a host that is down)");
        }
        if (e instanceof NoRouteToHostException || message.contains("unreachable")) {
            return Finding.of(ProbeOutcome.UNREACHABLE, "an ICMP unreachable came back (" + message
                    + "): a firewall REJECT with an ICMP error, or no route to the address");
        }
        if (e instanceof ConnectException && message.contains("timed out")) {
            // ETIMEDOUT: with a timeout longer than the SYN retries (about 127 s by default) the kernel gives up first
            return Finding.of(ProbeOutcome.TIMEOUT, "no answer to the connection request: the kernel gave up after its "
                    + "SYN retries (net.ipv4.tcp_syn_retries), before the timeout of " + Explain.seconds(timeout)
                    + ": not even a reset came back, the signature of a firewall DROP (or a host that is down)");
        }
        if (e instanceof ConnectException && message.contains("refused")) {
            return Finding.of(ProbeOutcome.REFUSED, "the connection was refused with a TCP reset: nothing listens on port "
                    + port + ", or a firewall REJECTs with tcp-reset");
        }
        return Finding.of(ProbeOutcome.ERROR, "the connection failed: " + message);
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    public static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a failed or finished probe socket: nothing to report.
        }
    }
}
