package ai.thinkheads.droptrace.probes.udp;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.exec.CommandOutput;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tcp.ToolOutputs;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One datagram out, at most one back: REPLY, REFUSED (ICMP port unreachable), UNREACHABLE (ICMP
 * host unreachable or prohibited) or NO_REPLY (nothing within the timeout, which for UDP is also
 * what a silent service looks like).
 */
public final class UdpExchange {

    private UdpExchange() {
    }

    public static Finding send(String address, int port, byte[] payload, Duration timeout) {
        long start = System.nanoTime();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(address, port));
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.send(new DatagramPacket(payload, payload.length));
            byte[] buffer = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            byte[] got = Arrays.copyOf(reply.getData(), reply.getLength());
            return Finding.of(ProbeOutcome.REPLY, "a reply of " + got.length + " bytes came back")
                    .withFact("udp.replyBytes", got.length)
                    .withFact("udp.replyHex", HexFormat.of().formatHex(Arrays.copyOf(got, Math.min(32, got.length))))
                    .withFact("udp.replyMillis", (System.nanoTime() - start) / 1_000_000);
        } catch (PortUnreachableException e) {
            return refused(port);
        } catch (SocketTimeoutException e) {
            return noReply(timeout);
        } catch (NoRouteToHostException e) {
            return unreachable();
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("unreachable") ? unreachable() : Finding.of(ProbeOutcome.ERROR, "the UDP exchange failed: " + m);
        }
    }

    /** {@code nc -u -v}: exit 1 after an ICMP error, a reply on stdout, or nothing. */
    public static Finding classifyNc(CommandOutput out, int port, Duration timeout) {
        Finding hung = ToolOutputs.hung(out, "nc");
        if (hung != null) {
            return hung;
        }
        String text = out.combined().toLowerCase(java.util.Locale.ROOT);
        if (text.contains("no route to host") || text.contains("unreachable")) {
            return unreachable();
        }
        if (!out.stdout().isEmpty()) {
            return Finding.of(ProbeOutcome.REPLY, "a reply of " + out.stdout().length() + " characters came back (nc)")
                    .withFact("udp.replyBytes", out.stdout().length());
        }
        if (text.contains("succeeded") || (out.exitCode() == 0 && !out.timedOut())) {
            return noReply(timeout);
        }
        // OpenBSD nc -u -v says nothing of a port unreachable and exits 1; exit 1 with words is something else failing
        // (ip netns exec: 'exec of "nc" failed: No such file or directory'), not an answer of the probed host
        if (text.contains("connection refused") || (out.exitCode() == 1 && text.isBlank())) {
            return refused(port);
        }
        return out.timedOut() ? noReply(timeout) : ToolOutputs.toolError(out);
    }

    private static Finding refused(int port) {
        return Finding.of(ProbeOutcome.REFUSED, "an ICMP port unreachable came back: nothing listens on UDP port " + port
                + ", or a firewall REJECTs");
    }

    private static Finding unreachable() {
        return Finding.of(ProbeOutcome.UNREACHABLE, "an ICMP host unreachable or administratively prohibited came back: "
                + "a firewall REJECT, or no route");
    }

    private static Finding noReply(Duration timeout) {
        return Finding.of(ProbeOutcome.NO_REPLY, "no reply and no ICMP error within " + Explain.seconds(timeout)
                + ": a firewall DROP, or a service that ignores this payload");
    }
}
