package ai.thinkheads.droptrace.probes.dns;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.probes.config.Names;
import ai.thinkheads.droptrace.probes.run.Finding;
import ai.thinkheads.droptrace.probes.tcp.DeadlineInput;
import ai.thinkheads.droptrace.probes.tcp.Explain;
import ai.thinkheads.droptrace.probes.tcp.TcpConnect;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Asks a DNS server one question over UDP or TCP, from here. */
public final class DnsQuery {

    private DnsQuery() {
    }

    /**
     * The raw exchange: a decoded response, or a finding saying why there is none.
     *
     * @param truncated the answer over UDP was truncated (TC flag), so the query was asked again over TCP, as resolvers
     *        and dig do: response or failure are the TCP query's
     */
    public record Exchange(DnsMessage.Response response, Finding failure, Long connectMillis, boolean truncated) {

        public Exchange(DnsMessage.Response response, Finding failure, Long connectMillis) {
            this(response, failure, connectMillis, false);
        }

        Exchange afterTruncation() {
            return new Exchange(response, failure, connectMillis, true);
        }

        /** What the exchange found, judged against the expected answers when there is a response. */
        public Finding finding(String name, String type, List<String> expected) {
            Finding f = response == null ? failure : judge(response, name, type, expected).withConnectMillis(connectMillis);
            return truncated ? f.withOutcome(f.outcome(), "the answer over UDP was truncated (TC flag), so it was asked "
                    + "again over TCP, as resolvers do: " + f.explanation()).withFact("dns.truncated", true) : f;
        }
    }

    public static Exchange ask(String server, int port, String name, DnsType type, boolean tcp, Duration timeout) {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = DnsMessage.query(id, name, type);
        return tcp ? overTcp(server, port, query, id, timeout) : overUdp(server, port, query, id, timeout);
    }

    private static Exchange overUdp(String server, int port, byte[] query, int id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String stray = null; // a reply of the server that was not the answer to this query
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(server, port));
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[65535];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("deadline");
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                int length = packet.getLength();
                int replyId = length < 2 ? -1 : ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
                Optional<DnsMessage.Response> r = DnsMessage.decode(java.util.Arrays.copyOf(buffer, length));
                if (replyId != id) {
                    // dig too waits on past "ID mismatch": a reply with another id is not the answer (it may be spoofed)
                    stray = length < DnsMessage.HEADER_BYTES ? "a datagram of " + length + " bytes, shorter than a DNS message's header"
                            : "a reply with id " + replyId + ", not the query's " + id;
                } else if (r.isEmpty()) {
                    return failure(Finding.of(ProbeOutcome.EXPECTATION_FAILED, "the server answered, but its reply (" + length
                            + " bytes) is not a DNS message that can be read: a broken server, or a device on the way that mangles it"));
                } else if (r.get().truncated()) {
                    return overTcp(server, port, query, id, timeout).afterTruncation();
                } else {
                    return new Exchange(r.get(), null, null);
                }
            }
        } catch (PortUnreachableException e) {
            return failure(udpRefused(port));
        } catch (SocketTimeoutException e) {
            return failure(stray == null ? udpTimeout(timeout) : strayOnly(stray, timeout));
        } catch (NoRouteToHostException e) {
            return failure(TcpConnect.classify(e, port, timeout));
        } catch (IOException e) {
            return failure(TcpConnect.classify(e, port, timeout));
        }
    }

    /** A query over UDP that got nothing back: no answer and no ICMP error. */
    static Finding udpTimeout(Duration timeout) {
        return Finding.of(ProbeOutcome.TIMEOUT, "no DNS answer and no ICMP error within " + Explain.seconds(timeout)
                + ": the signature of a firewall DROP (or a server that is down)");
    }

    /** A server that accepted the TCP connection and ended it without an answer: not a firewall DROP. */
    static Finding closedWithoutAnswer(String how) {
        return Finding.of(ProbeOutcome.EXPECTATION_FAILED, "connected over TCP, but the server did not answer the query ("
                + how + "): not a firewall DROP; a DNS server that does not serve TCP, or not a DNS server on this port");
    }

    /**
     * A server that accepted the TCP connection and then said nothing within the timeout: the firewall let the connection
     * through, so this is not the silence of a DROP (a TIMEOUT, which the correlator reads as one).
     */
    static Finding connectedWithoutAnswer(Duration timeout) {
        return Finding.of(ProbeOutcome.EXPECTATION_FAILED, "connected over TCP, but no DNS answer came within "
                + Explain.seconds(timeout) + ": not a firewall DROP (the connection was let through); a DNS server that is "
                + "stuck or busy with other TCP clients, or not a DNS server on this port");
    }

    /** A query over UDP answered by an ICMP port unreachable: no connection was reset, there was none. */
    static Finding udpRefused(int port) {
        return Finding.of(ProbeOutcome.REFUSED, "an ICMP port unreachable came back: no DNS server listens on UDP port "
                + port + ", or a firewall REJECTs");
    }

    /** Replies came, but none was the answer to the query: the path works, the server or something on it does not. */
    static Finding strayOnly(String stray, Duration timeout) {
        return Finding.of(ProbeOutcome.EXPECTATION_FAILED, "the server replied, but not with the answer to this query within "
                + Explain.seconds(timeout) + " (the last was " + stray + "): not a firewall DROP; a broken server, or a NAT or "
                + "proxy on the way that mixes up replies");
    }

    private static Exchange overTcp(String server, int port, byte[] query, int id, Duration timeout) {
        TcpConnect.Attempt attempt = TcpConnect.connect(server, port, timeout);
        if (!attempt.open()) {
            return new Exchange(null, attempt.finding(), attempt.finding().connectMillis());
        }
        try (Socket socket = attempt.socket()) {
            // the whole answer within the timeout, as dig's +time bounds it, not each read alone
            long deadline = System.nanoTime() + timeout.toNanos();
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) (query.length >> 8), (byte) query.length});
            out.write(query);
            out.flush();
            DataInputStream in = new DataInputStream(new DeadlineInput(socket, deadline));
            int length = in.readUnsignedShort();
            byte[] message = in.readNBytes(length);
            Optional<DnsMessage.Response> r = DnsMessage.decode(message);
            if (r.isEmpty() || r.get().id() != id) {
                return new Exchange(null, Finding.of(ProbeOutcome.EXPECTATION_FAILED, "the server answered over TCP, but "
                        + (r.isEmpty() ? "its reply (" + length + " bytes) is not a DNS message that can be read"
                        : "with id " + r.get().id() + ", not the query's " + id) + ": a broken server, or a device on the way "
                        + "that mangles it"), attempt.finding().connectMillis());
            }
            return new Exchange(r.get(), null, attempt.finding().connectMillis());
        } catch (SocketTimeoutException e) {
            return new Exchange(null, connectedWithoutAnswer(timeout).withConnectMillis(attempt.finding().connectMillis()),
                    attempt.finding().connectMillis());
        } catch (IOException e) {
            // connected: the path works, and the server ended the exchange (EOF: closed; or a reset) without an answer
            return new Exchange(null, closedWithoutAnswer(e instanceof EOFException || e.getMessage() == null
                    ? "it closed the connection" : e.getMessage()).withConnectMillis(attempt.finding().connectMillis()),
                    attempt.finding().connectMillis());
        }
    }

    /**
     * Whether an expected answer is this record's data: addresses by value ({@code fd00::5} is the decoded
     * {@code fd00:0:0:0:0:0:0:5}), names without case or the final dot (dig prints {@code web.lab.}).
     */
    static boolean sameAnswer(String expected, String data) {
        if (Names.isAddress(expected) && Names.isAddress(data)) {
            try {
                return InetAddress.getByName(expected).equals(InetAddress.getByName(data));
            } catch (UnknownHostException e) {
                return false; // not reached: both are literals, nothing is resolved
            }
        }
        return stripDot(expected).equalsIgnoreCase(stripDot(data));
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Exchange failure(Finding finding) {
        return new Exchange(null, finding, null);
    }

    /** Judges a response: the rcode decides, and expected answers must all be present. */
    public static Finding judge(DnsMessage.Response response, String name, String type, List<String> expected) {
        List<String> data = response.answers().stream().filter(a -> a.type().equals(type)).map(DnsMessage.Answer::data).toList();
        // records of another type alone (a CNAME whose target has no A record): named, not "no records"
        List<String> others = response.answers().stream().filter(a -> !a.type().equals(type))
                .map(a -> a.type() + " " + a.data()).toList();
        String none = others.isEmpty() ? "no records" : "no " + type + " record, only " + String.join(", ", others);
        Finding f = switch (response.rcode()) {
            case 0 -> Finding.of(ProbeOutcome.NOERROR, name + " " + type + " answered " + (data.isEmpty() ? "with " + none : String.join(", ", data)));
            case 3 -> Finding.of(ProbeOutcome.NXDOMAIN, "the server says " + name + " does not exist (NXDOMAIN)");
            case 2 -> Finding.of(ProbeOutcome.SERVFAIL, "the server failed to answer for " + name + " (SERVFAIL): its upstream or zone is broken");
            default -> Finding.of(ProbeOutcome.EXPECTATION_FAILED, "the server answered " + response.rcodeName() + " for " + name);
        };
        f = f.withFact("dns.rcode", response.rcodeName()).withFact("dns.answers", String.join(",", data));
        if (response.rcode() == 0 && !expected.isEmpty()) {
            List<String> missing = expected.stream().filter(e -> data.stream().noneMatch(d -> sameAnswer(e, d))).toList();
            if (!missing.isEmpty()) {
                return f.withOutcome(ProbeOutcome.EXPECTATION_FAILED, name + " " + type + " answered "
                        + (data.isEmpty() ? none : String.join(", ", data)) + ", expected " + String.join(", ", missing));
            }
        }
        return f;
    }
}
