package ai.thinkheads.droptrace.cli.ingest;

import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.PortOption;
import ai.thinkheads.droptrace.cli.common.RangeOption;
import ai.thinkheads.droptrace.cli.common.SignalledExit;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.receive.AllowedSenders;
import ai.thinkheads.droptrace.ingest.receive.PublishingSink;
import ai.thinkheads.droptrace.ingest.receive.SenderCounts;
import ai.thinkheads.droptrace.ingest.receive.TcpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.receive.TlsSettings;
import ai.thinkheads.droptrace.ingest.receive.UdpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace ingest listen}: syslog receivers (UDP, TCP, TLS) into Kafka. */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {
            "Receives syslog (RFC 3164 or 5424; kernel netfilter LOG lines, pve-firewall lines) into Kafka until stopped.",
            "",
            "UDP: one message per datagram (a datagram of several lines, as nc -u sends a file, is each line); "
                    + "when Kafka cannot keep up, datagrams are dropped and counted. TCP and TLS "
                    + "(RFC 5425): LF/NUL or octet-counting framing, detected per connection; when Kafka is slow or "
                    + "down the receiver stops reading (TCP backpressure) and nothing is lost. Port 0 picks a free port; "
                    + "the ports in use are printed on stderr. With no port option: --udp 5514. A Kafka that does not "
                    + "answer at the start is waited for (saying so) before the ports open: senders with a queue "
                    + "keep their lines meanwhile, and the kernel refuses UDP datagrams."
        })
public final class ListenCommand implements Callable<Integer> {

    private static final String FREE_PORT = "0 picks a free one";

    @Mixin
    private KafkaOptions common;

    @Mixin
    private SyslogTimeOptions time;

    @Mixin
    private StatsOptions stats;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on. Default: every address, IPv4 and IPv6 (::, one dual-stack socket "
                    + "per port; 0.0.0.0 on a host without IPv6).")
    private String bind;

    private InetAddress bindAddress;

    @Option(names = "--allow", paramLabel = "ADDRESS[/BITS]", split = ",",
            description = "Take messages only from these senders: addresses or networks, IPv4 or IPv6, separated by "
                    + "commas or given again (10.0.0.0/24,192.0.2.7,fd00::/8). Others are counted and said once each; "
                    + "a TCP or TLS connection from one is closed before a byte is read. Default: every sender.")
    private List<String> allow = new ArrayList<>();

    @Option(names = "--udp", paramLabel = "PORT", description = "UDP port (default 5514 when no port is given).")
    private Integer udp;

    @Option(names = "--tcp", paramLabel = "PORT", description = "TCP port.")
    private Integer tcp;

    @Option(names = "--tls", paramLabel = "PORT", description = "TLS port (RFC 5425); needs --tls-cert and --tls-key, or --tls-keystore.")
    private Integer tls;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Server certificate chain (PEM); with the key in it too, --tls-key may be left out.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "Server private key (PEM: PKCS#8, or RSA or EC in the traditional form; unencrypted).")
    private Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "P12", description = "Server certificate and key as a PKCS#12 keystore.")
    private Path tlsKeystore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD",
            description = "Password of --tls-keystore (seen by every user in ps: prefer --tls-password-file).")
    private String tlsPassword;

    @Option(names = "--tls-password-file", paramLabel = "FILE",
            description = "File whose first line is the password of --tls-keystore.")
    private Path tlsPasswordFile;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "Require client certificates that chain to these CA certificates (PEM).")
    private Path tlsClientCa;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest message accepted over TCP/TLS; longer ones are cut and dead-lettered. Default: ${DEFAULT-VALUE}.")
    private int maxFrame;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "256",
            description = "Most TCP/TLS connections served at once. Default: ${DEFAULT-VALUE}.")
    private int maxConnections;

    @Option(names = "--udp-buffer", paramLabel = "BYTES", defaultValue = "8388608",
            description = "UDP socket receive buffer (the kernel may cap it at net.core.rmem_max). Default: ${DEFAULT-VALUE}.")
    private int udpBuffer;

    @Override
    public Integer call() throws Exception {
        if (tls == null) {
            requireTlsPort();
        }
        if (udp == null && tcp == null && tls == null) {
            udp = 5514;
        }
        checkAddresses(); // a bad port or address is a usage error before the broker starts
        AllowedSenders allowed;
        try {
            allowed = AllowedSenders.of(allow);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "--allow " + e.getMessage());
        }
        stats.check();
        TlsSettings tlsSettings = tls == null ? null : tlsSettings();
        String certificateProblem = tlsSettings == null ? null : tlsSettings.validityProblem(Instant.now());
        if (certificateProblem != null) {
            common.err().println("droptrace: warning: the TLS certificate " + certificateProblem
                    + ": senders that verify it will refuse to connect (renew it: the renewed files are served without a restart)");
        }
        SyslogYearAndZone zone = time.live(); // a bad --zone is a usage error before anything starts
        Namespace namespace = common.namespace();
        IngestCounters counters = new IngestCounters();
        long started = System.nanoTime();
        List<AutoCloseable> receivers = new ArrayList<>();
        // SIGTERM or Ctrl-C stops the command; the JVM waits up to 60 s for the flush and summary below.
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(60));
                KafkaConnection kafka = KafkaConnection.openWaiting(common, signal)) {
            if (kafka == null) {
                common.err().println("Stopped while waiting for Kafka; nothing was read.");
                return ExitCodes.OK;
            }
            TopicAdmin.ensure(kafka.bootstrapServers(), 3, Duration.ofSeconds(60), namespace, Topics.all());
            try (EventPublisher publisher = new EventPublisher(kafka.bootstrapServers(), namespace,
                    EventPublisher.waitForBroker())) {
                SenderCounts senders = new SenderCounts();
                PublishingSink sink = new PublishingSink(new FirewallLineParser(zone), publisher, counters, senders);
                UdpSyslogReceiver udpReceiver = udp == null ? null : opened("udp", udp,
                        () -> new UdpSyslogReceiver(address(udp), udpBuffer, 100_000, allowed, sink, Clock.systemUTC()));
                if (udpReceiver != null) {
                    receivers.add(udpReceiver);
                    common.err().println("listening on " + PortOption.url("udp", bind, udpReceiver.port()));
                    String capped = udpReceiver.bufferWarning(udpBuffer);
                    if (capped != null) {
                        common.err().println("droptrace: warning: " + capped + ", or ask less with --udp-buffer");
                    }
                }
                TcpSyslogReceiver tcpReceiver = tcp == null ? null : opened("tcp", tcp,
                        () -> new TcpSyslogReceiver(address(tcp), null, maxFrame, maxConnections, allowed, sink,
                                Clock.systemUTC()));
                if (tcpReceiver != null) {
                    receivers.add(tcpReceiver);
                    common.err().println("listening on " + PortOption.url("tcp", bind, tcpReceiver.port()));
                }
                TcpSyslogReceiver tlsReceiver = tls == null ? null : opened("tls", tls,
                        () -> new TcpSyslogReceiver(address(tls), tlsSettings, maxFrame, maxConnections, allowed, sink,
                                Clock.systemUTC()));
                if (tlsReceiver != null) {
                    receivers.add(tlsReceiver);
                    common.err().println("listening on " + PortOption.url("tls", bind, tlsReceiver.port())
                            + (tlsSettings.requireClientCertificate() ? " (client certificates required)" : ""));
                }
                if (!allowed.any()) {
                    common.err().println("taking messages only from " + String.join(", ", allowed.specs()));
                }
                common.err().println("into namespace " + namespace + "; stop with SIGTERM or Ctrl-C");
                common.err().flush();
                StatsOptions.Ticker ticker = stats.ticker(common, () -> counters.snapshot(publisher),
                        () -> receiverStats(udpReceiver, tcpReceiver, tlsReceiver, senders));
                KafkaStallNotice stall = new KafkaStallNotice(common.err(), "waiting for it: TCP senders are held "
                        + "back, UDP datagrams queue (then are dropped and counted)");
                while (!signal.await(Duration.ofSeconds(1))) {
                    ticker.tick(System.nanoTime());
                    IngestCounts now = counters.snapshot(publisher);
                    stall.check(now.sent(), now.acknowledged(), System.nanoTime());
                }
                for (AutoCloseable r : receivers) {
                    r.close(); // each waits until what it read is handed on (at most 5 s)
                }
                // The kernel's count is per socket: the UDP receiver read it when it closed its socket.
                long kernelDrops = udpReceiver == null ? -1 : udpReceiver.kernelDrops();
                publisher.flushWithin(Duration.ofSeconds(15));
                // a record still waiting for the topic's metadata (Kafka down) is in no buffer a flush waits for:
                // the counts tell what was not acknowledged
                IngestCounts afterFlush = counters.snapshot(publisher);
                boolean acknowledged = afterFlush.acknowledged() + publisher.failed() >= afterFlush.sent();
                long refused = publisher.failed(); // before abandon(), which fails what it held (counted below)
                String refusal = null;
                if (acknowledged) {
                    try {
                        publisher.flush(); // throws when Kafka refused records: counted in the summary, not a crash
                    } catch (IllegalStateException e) {
                        refusal = ErrorHandler.rootMessage(e);
                    }
                } else {
                    publisher.abandon(); // closed at once: the summary counts what it held as lost
                }
                Map<SummaryField, Object> extra = new LinkedHashMap<>();
                long tcpStranded = (tcpReceiver == null ? 0 : tcpReceiver.strandedAtStop())
                        + (tlsReceiver == null ? 0 : tlsReceiver.strandedAtStop());
                if (tcpStranded > 0) {
                    extra.put(new SummaryField("tcpFramesNotSentAtStop", "tcp and tls frames read but not sent to Kafka within 5 s of the stop (lost)"), tcpStranded);
                }
                long unread = (tcpReceiver == null ? 0 : tcpReceiver.unreadBytesAtStop())
                        + (tlsReceiver == null ? 0 : tlsReceiver.unreadBytesAtStop());
                if (unread > 0) {
                    extra.put(new SummaryField("tcpBytesUnreadAtStop", "tcp and tls bytes senders had sent, not read within 5 s of the stop (lost)"), unread);
                }
                if (!acknowledged) {
                    extra.put(new SummaryField("notAcknowledgedAtStop", "not acknowledged by Kafka within 15 s of the stop (lost)"),
                            afterFlush.sent() - afterFlush.acknowledged() - refused);
                }
                if (refused > 0) {
                    extra.put(new SummaryField("refusedByKafka", "records Kafka refused (lost)"), refused);
                }
                if (tlsReceiver != null) {
                    extra.put(new SummaryField("tlsHandshakesFailed", "tls connections whose handshake failed (nothing read from them)"),
                            tlsReceiver.handshakeFailures());
                }
                long slotsFull = (tcpReceiver == null ? 0 : tcpReceiver.slotsFull())
                        + (tlsReceiver == null ? 0 : tlsReceiver.slotsFull());
                if (slotsFull > 0) {
                    extra.put(new SummaryField("connectionSlotsFull", "times every tcp or tls connection slot was taken (--max-connections; a sender after "
                            + "that waits)"), slotsFull);
                }
                extra.put(new SummaryField("linesBySender", "lines by sender"), senders.top(10));
                if (!allowed.any()) {
                    extra.put(new SummaryField("udpDatagramsRefused", "udp datagrams refused (sender not allowed)"), udpReceiver == null ? 0 : udpReceiver.refused());
                    extra.put(new SummaryField("tcpConnectionsRefused", "tcp and tls connections refused (sender not allowed)"),
                            (tcpReceiver == null ? 0 : tcpReceiver.refused()) + (tlsReceiver == null ? 0 : tlsReceiver.refused()));
                }
                if (udpReceiver != null) {
                    extra.put(new SummaryField("udpDatagramsDropped", "udp datagrams dropped (queue to Kafka full)"), udpReceiver.dropped());
                    extra.put(new SummaryField("udpDatagramsLost", "udp datagrams lost (Kafka refused them)"), udpReceiver.failed());
                    extra.put(new SummaryField("udpDatagramsDroppedByKernel", "udp datagrams dropped by the kernel (socket buffer full; -1 unknown)"), kernelDrops);
                    if (udpReceiver.strandedAtStop() > 0) {
                        extra.put(new SummaryField("udpDatagramsNotSentAtStop", "udp datagrams received but not sent to Kafka within 5 s of the stop (lost)"), udpReceiver.strandedAtStop());
                    }
                }
                IngestSummary.print(common, "Received syslog", counters.snapshot(publisher),
                        (System.nanoTime() - started) / 1e9, List.of(), extra);
                ListenStopLosses losses = new ListenStopLosses(refused, refusal,
                        acknowledged ? 0 : afterFlush.sent() - afterFlush.acknowledged() - refused, tcpStranded,
                        udpReceiver == null ? 0 : udpReceiver.strandedAtStop(), unread);
                if (losses.any()) {
                    // Said here, before the signal's hook is released: after SIGTERM the JVM halts right then.
                    common.err().println("droptrace: " + losses.line());
                    common.err().flush();
                    // After SIGTERM the JVM would end with 143, which a systemd unit counts as a clean stop: a stop
                    // that lost records ends with 4, once the embedded broker (if any) is stopped and its files gone.
                    kafka.close();
                    SignalledExit.haltIfStopping(ExitCodes.KAFKA_UNAVAILABLE);
                    return ExitCodes.KAFKA_UNAVAILABLE;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** For the stats lines: the senders connected over TCP and TLS now, the UDP datagrams dropped or lost so far. */
    private static Map<SummaryField, Object> receiverStats(UdpSyslogReceiver udp, TcpSyslogReceiver tcp,
            TcpSyslogReceiver tlsReceiver, SenderCounts senders) {
        Map<SummaryField, Object> stats = new LinkedHashMap<>();
        stats.put(new SummaryField("senders", "senders"), senders.senders());
        if (tcp != null) {
            stats.put(new SummaryField("tcpConnections", "tcp connections"), tcp.openConnections());
        }
        if (tlsReceiver != null) {
            stats.put(new SummaryField("tlsConnections", "tls connections"), tlsReceiver.openConnections());
            stats.put(new SummaryField("tlsHandshakesFailed", "tls handshakes failed"), tlsReceiver.handshakeFailures());
        }
        long refused = (udp == null ? 0 : udp.refused()) + (tcp == null ? 0 : tcp.refused())
                + (tlsReceiver == null ? 0 : tlsReceiver.refused());
        if (refused > 0) {
            stats.put(new SummaryField("refused", "refused (sender not allowed)"), refused);
        }
        if (udp != null) {
            stats.put(new SummaryField("udpDropped", "udp dropped (queue full)"), udp.dropped());
            stats.put(new SummaryField("udpLost", "udp lost (Kafka refused)"), udp.failed());
            stats.put(new SummaryField("udpDroppedByKernel", "udp dropped by the kernel"), udp.kernelDrops());
        }
        return stats;
    }

    private InetSocketAddress address(int port) {
        return new InetSocketAddress(bindAddress, port);
    }

    /** A receiver opened; a port another process holds is one clear line, not an unexpected failure. */
    private <T> T opened(String scheme, int port, Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (BindException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot listen on " + PortOption.url(scheme, bind, port) + ": "
                    + e.getMessage() + " (is another receiver running? pick another port; " + FREE_PORT + ")");
        }
    }

    @FunctionalInterface
    private interface Opener<T> {
        T open() throws IOException;
    }

    private void checkAddresses() {
        PortOption.check("--udp", udp, FREE_PORT);
        PortOption.check("--tcp", tcp, FREE_PORT);
        PortOption.check("--tls", tls, FREE_PORT);
        if (tcp != null && tcp.equals(tls) && tcp != 0) {
            // one TCP port for both: the second receiver failed once Kafka was up, said as another process's port
            throw new UserException(ExitCodes.USAGE, "--tcp and --tls are both port " + tcp + ": plain TCP and TLS "
                    + "cannot listen on one port; pick another for one of them (" + FREE_PORT + ")");
        }
        RangeOption.check("--max-frame", maxFrame, 256, 1 << 20, "a firewall line needs a few hundred bytes; "
                + "Kafka takes at most 1 MiB a record");
        RangeOption.check("--max-connections", maxConnections, 1, 65_536, "with none, no TCP/TLS sender is served");
        RangeOption.check("--udp-buffer", udpBuffer, 4_096, 1 << 30, "bytes the kernel holds for the UDP socket");
        if (bind == null) {
            bind = ipv6() ? "::" : "0.0.0.0";
        }
        bindAddress = bindAddress("--bind", bind); // resolved once, here, for every receiver
    }

    /**
     * {@code bind} resolved, or a usage error naming {@code option} when it is not an address, or not
     * one of this machine's (and the kernel does not let sockets bind those). Also {@code droptrace up}'s
     * check of {@code syslog.bind}.
     */
    public static InetAddress bindAddress(String option, String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UserException(ExitCodes.USAGE, option + " '" + bind + "' is not an address (give an IP address "
                    + "of this machine, :: for every IPv4 and IPv6 address, 0.0.0.0 for every IPv4 one, or 127.0.0.1)");
        }
        if (!localAddress(address) && !nonLocalBindAllowed(address)) {
            throw new UserException(ExitCodes.USAGE, option + " " + bind + " is not an address of this machine (give one "
                    + "of its interfaces' addresses, :: or 0.0.0.0 for all of them, or 127.0.0.1; a floating address "
                    + "that is not here yet needs net.ipv4.ip_nonlocal_bind=1)");
        }
        return address;
    }

    /** Whether the kernel lets sockets bind addresses it does not have (keepalived's floating addresses). */
    private static boolean nonLocalBindAllowed(InetAddress address) {
        String family = address instanceof java.net.Inet6Address ? "ipv6" : "ipv4";
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net", family, "ip_nonlocal_bind"))
                    .strip().equals("1");
        } catch (IOException | RuntimeException e) {
            return false; // no such setting (not Linux): the address must be this machine's
        }
    }

    /** The wildcard, a loopback address, or an address of one of this machine's interfaces. */
    private static boolean localAddress(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (java.net.SocketException e) {
            return true; // cannot tell: binding will say
        }
    }

    /** Whether this host can open an IPv6 socket (a kernel booted with ipv6.disable=1 cannot). */
    private static boolean ipv6() {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A TLS file or password given without --tls would be ignored: said instead. */
    private void requireTlsPort() {
        String[] names = {"--tls-cert", "--tls-key", "--tls-keystore", "--tls-client-ca", "--tls-password",
            "--tls-password-file"};
        Object[] values = {tlsCert, tlsKey, tlsKeystore, tlsClientCa, tlsPassword, tlsPasswordFile};
        for (int k = 0; k < names.length; k++) {
            if (values[k] != null) {
                throw new UserException(ExitCodes.USAGE, names[k] + " is for the TLS receiver: give its port with "
                        + "--tls PORT (e.g. --tls 6514)");
            }
        }
    }

    private TlsSettings tlsSettings() {
        if (tlsKeystore == null && (tlsPassword != null || tlsPasswordFile != null)) {
            throw new UserException(ExitCodes.USAGE, (tlsPassword != null ? "--tls-password" : "--tls-password-file")
                    + " is the password of --tls-keystore, which is not given (PEM keys are read unencrypted)");
        }
        if (tlsPassword != null && tlsPasswordFile != null) {
            throw new UserException(ExitCodes.USAGE, "give --tls-password or --tls-password-file, not both");
        }
        if (tlsKeystore != null && (tlsCert != null || tlsKey != null)) {
            // the keystore's certificate and key would be served, and the PEM files passed over without a word
            throw new UserException(ExitCodes.USAGE, "give --tls-keystore, or --tls-cert and --tls-key, not both: "
                    + (tlsCert != null ? "--tls-cert" : "--tls-key") + " would be passed over for the keystore's "
                    + "certificate and key");
        }
        InputFiles.requireReadable(Arrays.asList(tlsKeystore, tlsCert, tlsKey, tlsClientCa, tlsPasswordFile),
                ExitCodes.CONFIG_INVALID, "the TLS file ");
        try {
            if (tlsKeystore != null) {
                return TlsSettings.fromPkcs12(tlsKeystore, keystorePassword(), tlsClientCa);
            }
            if (tlsCert != null && tlsKey != null) {
                return TlsSettings.fromPem(tlsCert, tlsKey, tlsClientCa);
            }
            if (tlsCert != null && java.nio.file.Files.readString(tlsCert, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("PRIVATE KEY-----")) {
                return TlsSettings.fromPem(tlsCert, tlsCert, tlsClientCa); // one file with both (haproxy's form)
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot load the TLS certificate or key: " + e.getMessage(), e);
        }
        throw new UserException(ExitCodes.USAGE, tlsCert != null ? "--tls-cert " + tlsCert + " holds no private key: "
                + "give it with --tls-key" : "--tls needs --tls-cert and --tls-key (PEM), or --tls-keystore");
    }

    /** The keystore's password: given, read from the first line of a file (its line end not part of it), or empty. */
    private char[] keystorePassword() throws IOException {
        if (tlsPasswordFile == null) {
            return tlsPassword == null ? new char[0] : tlsPassword.toCharArray();
        }
        String text;
        try {
            text = ai.thinkheads.droptrace.core.json.ConfigText.read(tlsPasswordFile);
        } catch (IOException e) { // the password file's, not "the TLS certificate or key"'s problem
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read --tls-password-file " + tlsPasswordFile + ": "
                    + e.getMessage(), e);
        }
        return text.lines().findFirst().orElse("").toCharArray();
    }
}
