package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.receive.PublishingSink;
import ai.thinkheads.droptrace.ingest.receive.TcpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.receive.TlsSettings;
import ai.thinkheads.droptrace.ingest.receive.UdpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real syslog clients against the real receivers and a real broker: util-linux {@code logger}
 * over UDP, TCP, TCP with octet counting, RFC 3164 and RFC 5424; syslog-ng forwarding over TCP
 * (RFC 5424, octet counting) and over TLS with client-certificate verification. All traffic goes to
 * 127.0.0.1.
 */
@ExtendWith(SharedKafkaBroker.class)
class SyslogClientsIT {

    private static final String LOOPBACK = "127.0.0.1";

    @TempDir
    Path dir;

    static String kernelLine(int port) {
        return "[UFW BLOCK] IN=eth0 OUT= MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 SRC=10.9.0.1 DST=10.9.0.2 LEN=60 "
                + "TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=" + port + " WINDOW=64240 RES=0x00 SYN URGP=0";
    }

    @Test
    void logger_over_udp_tcp_octet_counting_rfc3164_and_rfc5424_arrives_parsed() throws Exception {
        // Given
        Path logger = ExternalTool.require("logger", "bsdutils");
        Namespace ns = TopicRecords.freshNamespace("it-logger");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        List<Integer> ports = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, Map.of());
                UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), 1 << 20, 1000,
                        sink(publisher, counters), Clock.systemUTC());
                TcpSyslogReceiver tcp = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), null, 65536, 8,
                        sink(publisher, counters), Clock.systemUTC())) {
            String u = Integer.toString(udp.port());
            String t = Integer.toString(tcp.port());
            List<List<String>> runs = List.of(
                    List.of("-d", "-P", u, "--rfc3164"),
                    List.of("-d", "-P", u, "--rfc5424"),
                    List.of("-T", "-P", t, "--rfc3164"),
                    List.of("-T", "-P", t, "--rfc5424"),
                    List.of("-T", "-P", t, "--octet-count", "--rfc5424"),
                    List.of("-T", "-P", t, "--octet-count", "--rfc3164"));
            // When
            int port = 1000;
            for (List<String> options : runs) {
                ports.add(++port);
                List<String> command = new ArrayList<>(List.of(logger.toString(), "-n", LOOPBACK, "-t", "kernel", "-p",
                        "kern.warning"));
                command.addAll(options);
                command.add(kernelLine(port));
                ExternalTool.Result result = ExternalTool.run(20, command.toArray(String[]::new));
                assertThat(result.exitCode()).as(command + ": " + result.output()).isZero();
            }
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                    Topics.FIREWALL_EVENTS.name(ns), runs.size(), Duration.ofSeconds(60)));
            // Then
            assertThat(events.stream().map(e -> e.packet().destinationPort()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(ports);
            assertThat(events).hasSize(runs.size()).allSatisfy(e -> {
                assertThat(e.backend()).isEqualTo(Backend.KERNEL);
                assertThat(e.action()).isEqualTo(Action.DROP);
                assertThat(e.level()).isEqualTo(4);
                assertThat(e.host()).isNotBlank();
                assertThat(e.packet().source()).isEqualTo("10.9.0.1");
            });
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        }
    }

    @Test
    void receivers_on_the_ipv6_wildcard_take_ipv4_and_ipv6_senders_and_name_them_plainly() throws Exception {
        // Given UDP and TCP receivers on ::, as ingest listen binds by default
        Path logger = ExternalTool.require("logger", "bsdutils");
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open(
                java.net.StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(java.net.InetAddress.getByName("::1"), 0));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "skipped: IPv6 loopback ::1 is not usable here ("
                    + e.getMessage() + ")");
        }
        Namespace ns = TopicRecords.freshNamespace("it-dualstack");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        InetSocketAddress any = new InetSocketAddress(java.net.InetAddress.getByName("::"), 0);
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, Map.of());
                UdpSyslogReceiver udp = new UdpSyslogReceiver(any, 1 << 20, 1000, sink(publisher, counters),
                        Clock.systemUTC());
                TcpSyslogReceiver tcp = new TcpSyslogReceiver(any, null, 65536, 8, sink(publisher, counters),
                        Clock.systemUTC())) {
            // When logger sends over IPv4 and IPv6 loopback, by UDP and TCP
            int port = 3000;
            for (String server : List.of("127.0.0.1", "::1")) {
                for (List<String> transport : List.of(List.of("-d", "-P", Integer.toString(udp.port())),
                        List.of("-T", "-P", Integer.toString(tcp.port())))) {
                    List<String> command = new ArrayList<>(List.of(logger.toString(), "-n", server, "-t", "kernel",
                            "-p", "kern.warning"));
                    command.addAll(transport);
                    command.add(kernelLine(++port));
                    ExternalTool.Result result = ExternalTool.run(20, command.toArray(String[]::new));
                    assertThat(result.exitCode()).as(command + ": " + result.output()).isZero();
                }
            }
            List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                    Topics.FIREWALL_EVENTS.name(ns), 4, Duration.ofSeconds(60)));
            // Then all four arrive; an IPv4 sender is named by its IPv4 address, not as ::ffff:127.0.0.1
            assertThat(events).hasSize(4);
            assertThat(events.stream().map(e -> e.origin().source().replaceAll("^(udp|tcp)://", "$1 ")
                    .replaceAll(":[0-9]+$", "")).collect(Collectors.toSet()))
                    .as("origins").allSatisfy(o -> assertThat(o).doesNotContain("ffff"))
                    .anySatisfy(o -> assertThat(o).startsWith("udp 127.0.0.1"))
                    .anySatisfy(o -> assertThat(o).startsWith("tcp 127.0.0.1"))
                    // and an IPv6 one as it is written (RFC 5952), not as Java's 0:0:0:0:0:0:0:1
                    .contains("udp [::1]", "tcp [::1]");
            assertThat(counters.snapshot(publisher).deadLettered()).isZero();
        }
    }

    @Test
    void syslog_ng_forwarding_over_udp_tcp_and_tls_with_client_certificates_arrives_parsed() throws Exception {
        // Given
        Path syslogNg = ExternalTool.require("syslog-ng", "syslog-ng-core");
        TlsSettings tls = mutualTls(dir);
        Namespace ns = TopicRecords.freshNamespace("it-syslogng");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        Path input = dir.resolve("in.log");
        Files.writeString(input, "");
        int lines = 20;
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, Map.of());
                TcpSyslogReceiver tcp = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), null, 65536, 8,
                        sink(publisher, counters), Clock.systemUTC());
                TcpSyslogReceiver tlsReceiver = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), tls, 65536, 8,
                        sink(publisher, counters), Clock.systemUTC());
                UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), 1 << 20, 1024,
                        sink(publisher, counters), Clock.systemUTC())) {
            Path config = dir.resolve("syslog-ng.conf");
            Files.writeString(config, "@version: 3.35\n"
                    + "options { keep-hostname(yes); stats-freq(0); };\n"
                    + "source s_in { file(\"" + input + "\" follow-freq(0.1) flags(no-parse)); };\n"
                    + "destination d_tcp { syslog(\"127.0.0.1\" port(" + tcp.port() + ") transport(\"tcp\")); };\n"
                    + "destination d_tls { network(\"127.0.0.1\" port(" + tlsReceiver.port() + ") transport(\"tls\")\n"
                    + "  tls(ca-file(\"" + dir.resolve("server.pem") + "\") peer-verify(required-trusted)\n"
                    + "      cert-file(\"" + dir.resolve("client.pem") + "\") key-file(\"" + dir.resolve("client.key")
                    + "\"))); };\n"
                    // over UDP both drivers end each datagram with a line feed
                    + "destination d_udp { network(\"127.0.0.1\" port(" + udp.port() + ") transport(\"udp\")); };\n"
                    + "destination d_udp5424 { syslog(\"127.0.0.1\" port(" + udp.port() + ") transport(\"udp\")"
                    + " persist-name(\"udp5424\")); };\n"
                    + "log { source(s_in); destination(d_tcp); destination(d_tls); destination(d_udp); "
                    + "destination(d_udp5424); };\n");
            Process process = new ProcessBuilder("timeout", "90", syslogNg.toString(), "-F", "--no-caps", "-f",
                    config.toString(), "--persist-file", dir.resolve("persist").toString(), "--pidfile",
                    dir.resolve("pid").toString(), "--control", dir.resolve("ctl").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("syslog-ng.out").toFile()).start();
            try {
                // When
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < lines; k++) {
                    text.append(kernelLine(2000 + k)).append('\n');
                }
                Files.writeString(input, text.toString());
                List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                        Topics.FIREWALL_EVENTS.name(ns), 4 * lines, Duration.ofSeconds(60)));
                // Then
                Set<Integer> expected = new TreeSet<>();
                for (int k = 0; k < lines; k++) {
                    expected.add(2000 + k);
                }
                assertThat(events).as(Files.readString(dir.resolve("syslog-ng.out"))).hasSize(4 * lines);
                Map<String, List<FirewallEvent>> byTransport = events.stream()
                        .collect(Collectors.groupingBy(e -> e.origin().source().substring(0, 3)));
                assertThat(byTransport.keySet()).containsExactlyInAnyOrder("tcp", "tls", "udp");
                assertThat(byTransport.get("udp")).as("two UDP destinations").hasSize(2 * lines);
                for (List<FirewallEvent> transport : byTransport.values()) {
                    assertThat(transport.stream().map(e -> e.packet().destinationPort()).collect(Collectors.toSet()))
                            .isEqualTo(expected);
                    assertThat(transport).allSatisfy(e -> assertThat(e.action()).isEqualTo(Action.DROP));
                }
                assertThat(counters.snapshot(publisher).deadLettered()).isZero();
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    @Test
    void the_shipped_syslog_ng_example_forwards_kernel_drops_and_a_pve_firewall_log_over_tls() throws Exception {
        // Given deploy/syslog's example as a user installs it: its certificates, file, listener and buffer
        // pointed here, and Debian's s_src (the system's log) played by a file of kernel lines
        Path syslogNg = ExternalTool.require("syslog-ng", "syslog-ng-core");
        TlsSettings tls = mutualTls(dir);
        Namespace ns = TopicRecords.freshNamespace("it-syslogng-example");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        Path system = dir.resolve("system.log");
        Path pveLog = dir.resolve("pve-firewall.log");
        Files.writeString(system, "");
        Files.writeString(pveLog, "");
        Files.createDirectories(dir.resolve("buffer"));
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, Map.of());
                TcpSyslogReceiver receiver = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), tls, 65536, 8,
                        sink(publisher, counters), Clock.systemUTC())) {
            String example = Files.readString(Path.of("..", "deploy", "syslog", "syslog-ng-droptrace.conf"));
            String config = "@version: 3.35\n"
                    + "options { keep-hostname(yes); stats-freq(0); };\n"
                    + "source s_src { file(\"" + system + "\" follow-freq(0.1) default-facility(kern)); };\n"
                    + example.replace("/var/log/pve-firewall.log", pveLog.toString())
                            .replace("/etc/syslog-ng/droptrace/ca.pem", dir.resolve("server.pem").toString())
                            .replace("/etc/syslog-ng/droptrace/", dir + "/")
                            .replace("follow-freq(1)", "follow-freq(0.1)")
                            .replace("droptrace.example", LOOPBACK)
                            .replace("port(6514)", "port(" + receiver.port() + ")")
                            .replace("disk-buffer(", "disk-buffer(dir(\"" + dir.resolve("buffer") + "\") ");
            assertThat(config).as("the example changed: this test edits its files, target, port and buffer")
                    .contains(pveLog.toString()).contains(dir.resolve("client.key").toString())
                    .contains("port(" + receiver.port() + ")").contains(dir.resolve("buffer").toString());
            Path file = dir.resolve("syslog-ng.conf");
            Files.writeString(file, config);
            List<String> command = List.of("timeout", "90", syslogNg.toString(), "-F", "--no-caps", "-f",
                    file.toString(), "--persist-file", dir.resolve("persist").toString(), "--pidfile",
                    dir.resolve("pid").toString(), "--control", dir.resolve("ctl").toString());
            ExternalTool.Result check = ExternalTool.run(30, Stream.concat(command.stream().skip(2),
                    Stream.of("--syntax-only")).toArray(String[]::new));
            assertThat(check.exitCode()).as("syslog-ng --syntax-only: " + check.output()).isZero();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("syslog-ng.out").toFile()).start();
            try {
                // When the system log gets a kernel drop and a line that is no firewall's, and pvefw-logger a drop
                Files.writeString(system, "Mar 14 09:12:44 pve1 kernel: " + kernelLine(4001) + "\n"
                        + "Mar 14 09:12:45 pve1 sshd[812]: Accepted publickey for root\n");
                Files.writeString(pveLog, "100 6 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 "
                        + "OUT=fwbr100i0 PHYSIN=fwln100i0 PHYSOUT=tap100i0 SRC=10.0.0.5 DST=10.0.0.100 LEN=60 "
                        + "TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=4002 WINDOW=64240 RES=0x00 "
                        + "SYN URGP=0 \n");
                List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                        Topics.FIREWALL_EVENTS.name(ns), 2, Duration.ofSeconds(60)));
                // Then both drops arrive over TLS, and the filter kept the sshd line back
                assertThat(events).as(Files.readString(dir.resolve("syslog-ng.out"))).hasSize(2);
                assertThat(events).allSatisfy(e -> assertThat(e.origin().source()).startsWith("tls"));
                FirewallEvent kernel = events.stream().filter(e -> e.backend() == Backend.KERNEL).findFirst()
                        .orElseThrow();
                FirewallEvent pve = events.stream().filter(e -> e.backend() == Backend.IPTABLES).findFirst()
                        .orElseThrow();
                assertThat(kernel.packet().destinationPort()).isEqualTo(4001);
                assertThat(kernel.host()).isEqualTo("pve1");
                assertThat(pve.vmid()).isEqualTo(100);
                assertThat(pve.packet().destinationPort()).isEqualTo(4002);
                Thread.sleep(1000);
                assertThat(counters.snapshot(publisher).deadLettered()).as("the sshd line was not forwarded").isZero();
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    /**
     * TLS settings that require a client certificate: {@code server.pem}/{@code server.key} and
     * {@code client.pem}/{@code client.key} made in {@code dir} by openssl (skipped without it), the client's
     * certificate the one trusted.
     */
    static TlsSettings mutualTls(Path dir) throws Exception {
        Path openssl = ExternalTool.require("openssl", "openssl");
        certificate(openssl, dir, "server");
        certificate(openssl, dir, "client");
        return TlsSettings.fromPem(dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("client.pem"));
    }

    /** A self-signed certificate for 127.0.0.1 and its key, as {@code NAME.pem} and {@code NAME.key} in {@code dir}. */
    private static void certificate(Path openssl, Path dir, String name) throws Exception {
        ExternalTool.Result r = ExternalTool.run(60, openssl.toString(), "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".pem").toString(),
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    static PublishingSink sink(EventPublisher publisher, IngestCounters counters) {
        return new PublishingSink(new FirewallLineParser(SyslogYearAndZone.live()), publisher, counters);
    }
}
