package ai.thinkheads.droptrace.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.receive.TcpSyslogReceiver;
import ai.thinkheads.droptrace.ingest.receive.TlsSettings;
import ai.thinkheads.droptrace.ingest.receive.UdpSyslogReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * rsyslog, the syslog daemon most Proxmox hosts forward with, against the real receivers and a real
 * broker, in every format it forwards in: {@code RSYSLOG_TraditionalForwardFormat} (its default, RFC
 * 3164) over UDP and TCP, {@code RSYSLOG_ForwardFormat} (RFC 3164's header with an RFC 3339 time) over
 * TCP and over TLS with OpenSSL, {@code RSYSLOG_SyslogProtocol23Format} (RFC 5424) octet-counted over
 * TCP and over TLS with GnuTLS; both TLS drivers verify the receiver's name and present a client
 * certificate the receiver verifies. Each format reads its own file, so its lines carry their own
 * destination ports. All traffic goes to 127.0.0.1.
 *
 * <p>rsyslog and syslog-ng (the other real client here) conflict as Debian packages, so {@code .ci/run}
 * unpacks rsyslog's packages under {@value #UNPACKED} instead of installing them; an installed rsyslog
 * is used as well.
 */
@ExtendWith(SharedKafkaBroker.class)
class RsyslogIT {

    static final String UNPACKED = "/opt/droptrace-ci/rsyslog";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int LINES = 15;
    private static final Path EXAMPLE = Path.of("..", "deploy", "syslog", "rsyslog-droptrace.conf");

    private enum Format {
        TRADITIONAL_UDP(3000, "RSYSLOG_TraditionalForwardFormat", "udp", null),
        TRADITIONAL_TCP(3100, "RSYSLOG_TraditionalForwardFormat", "tcp", null),
        FORWARD_TCP(3200, "RSYSLOG_ForwardFormat", "tcp", null),
        FORWARD_TLS_OPENSSL(3300, "RSYSLOG_ForwardFormat", "tcp", "ossl"),
        PROTOCOL23_TCP(3400, "RSYSLOG_SyslogProtocol23Format", "tcp", null),
        PROTOCOL23_TLS_GNUTLS(3500, "RSYSLOG_SyslogProtocol23Format", "tcp", "gtls");

        final int firstPort;
        final String template;
        final String protocol;
        final String tlsDriver;

        Format(int firstPort, String template, String protocol, String tlsDriver) {
            this.firstPort = firstPort;
            this.template = template;
            this.protocol = protocol;
            this.tlsDriver = tlsDriver;
        }

        /** Whether the format writes the sender's UTC offset (RFC 3339), not a local time without a zone. */
        boolean writesZone() {
            return !template.equals("RSYSLOG_TraditionalForwardFormat");
        }

        static Format of(int destinationPort) {
            return values()[(destinationPort - 3000) / 100];
        }
    }

    @TempDir
    Path dir;

    private record Rsyslogd(Path binary, Path modules) {
    }

    @Test
    void rsyslog_forwarding_in_each_of_its_formats_over_udp_tcp_and_tls_arrives_parsed() throws Exception {
        // Given
        Rsyslogd rsyslogd = requireRsyslogd();
        TlsSettings tls = SyslogClientsIT.mutualTls(dir);
        Namespace ns = TopicRecords.freshNamespace("it-rsyslog");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        Instant start = Instant.now();
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, Map.of());
                UdpSyslogReceiver udp = new UdpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), 1 << 20, 1000,
                        SyslogClientsIT.sink(publisher, counters), Clock.systemUTC());
                TcpSyslogReceiver tcp = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), null, 65536, 8,
                        SyslogClientsIT.sink(publisher, counters), Clock.systemUTC());
                TcpSyslogReceiver tlsReceiver = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), tls, 65536, 8,
                        SyslogClientsIT.sink(publisher, counters), Clock.systemUTC())) {
            Path config = config(udp.port(), tcp.port(), tlsReceiver.port());
            Process process = new ProcessBuilder(command(rsyslogd, config, "-n"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
            try {
                // When each format's file gets its lines
                for (Format format : Format.values()) {
                    StringBuilder text = new StringBuilder();
                    for (int k = 0; k < LINES; k++) {
                        text.append(SyslogClientsIT.kernelLine(format.firstPort + k)).append('\n');
                    }
                    Files.writeString(input(format), text.toString());
                }
                int expected = LINES * Format.values().length;
                List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                        Topics.FIREWALL_EVENTS.name(ns), expected, Duration.ofSeconds(60)));
                // Then every line of every format arrives once, parsed, at the time rsyslog read it
                String output = Files.readString(dir.resolve("rsyslogd.out"));
                assertThat(events).as(output).hasSize(expected);
                Map<Format, List<FirewallEvent>> byFormat = events.stream()
                        .collect(Collectors.groupingBy(e -> Format.of(e.packet().destinationPort())));
                Instant end = Instant.now();
                for (Format format : Format.values()) {
                    List<FirewallEvent> received = byFormat.getOrDefault(format, List.of());
                    assertThat(received.stream().map(e -> e.packet().destinationPort()).collect(Collectors.toSet()))
                            .as(format + ": " + output).hasSize(LINES);
                    assertThat(received).as(format.toString()).allSatisfy(e -> {
                        assertThat(e.backend()).isEqualTo(Backend.KERNEL);
                        assertThat(e.action()).isEqualTo(Action.DROP);
                        assertThat(e.level()).isEqualTo(4);
                        assertThat(e.host()).isNotBlank();
                        assertThat(e.origin().source()).startsWith(format.tlsDriver != null ? "tls" : format.protocol);
                        // whole seconds for the traditional format: a second's start may precede the test's start
                        assertThat(e.time()).isBetween(start.minusSeconds(2), end.plusSeconds(1));
                        if (format.writesZone()) {
                            assertThat(e.zoneOffset()).as("the offset rsyslog wrote").isNotNull();
                        } else {
                            assertThat(e.zoneOffset()).as("RFC 3164 writes no zone").isNull();
                        }
                    });
                }
                assertThat(counters.snapshot(publisher).deadLettered()).isZero();
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    @Test
    void the_shipped_rsyslog_example_forwards_a_pve_firewall_log_as_pve_events() throws Exception {
        // Given deploy/syslog's example as a user installs it, its file, listener and queue pointed here
        Rsyslogd rsyslogd = requireRsyslogd();
        Namespace ns = TopicRecords.freshNamespace("it-rsyslog-example");
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        IngestCounters counters = new IngestCounters();
        Path log = dir.resolve("pve-firewall.log");
        Files.writeString(log, "");
        String example = Files.readString(EXAMPLE);
        try (EventPublisher publisher = new EventPublisher(bootstrap, ns, Map.of());
                TcpSyslogReceiver tcp = new TcpSyslogReceiver(new InetSocketAddress(LOOPBACK, 0), null, 65536, 8,
                        SyslogClientsIT.sink(publisher, counters), Clock.systemUTC())) {
            String config = "global(workDirectory=\"" + dir + "\")\n" + example
                    .replace("/var/log/pve-firewall.log", log.toString())
                    .replace("droptrace.example", LOOPBACK)
                    .replace("port=\"5514\"", "port=\"" + tcp.port() + "\"");
            assertThat(config).as("the example changed: this test edits its file, target and port")
                    .contains(log.toString()).contains(LOOPBACK).contains(Integer.toString(tcp.port()));
            Path file = dir.resolve("rsyslog.conf");
            Files.writeString(file, config);
            ExternalTool.Result check = ExternalTool.run(30,
                    command(rsyslogd, file, "-N1").toArray(String[]::new));
            assertThat(check.exitCode()).as("rsyslogd -N1 checks the example: " + check.output()).isZero();
            Process process = new ProcessBuilder(command(rsyslogd, file, "-n"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
            try {
                // When pvefw-logger appends a policy drop, a rule reject and a status line
                Files.writeString(log, String.join("\n",
                        "100 6 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 OUT=fwbr100i0 "
                                + "PHYSIN=fwln100i0 PHYSOUT=tap100i0 SRC=10.0.0.5 DST=10.0.0.100 LEN=60 TOS=0x00 "
                                + "PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 ",
                        "101 4 tap101i0-OUT 14/Mar/2025:09:20:16 +0100 REJECT: IN=fwbr101i0 OUT=fwbr101i0 "
                                + "PHYSIN=tap101i0 PHYSOUT=fwln101i0 SRC=10.0.0.101 DST=10.0.0.103 LEN=60 TOS=0x00 "
                                + "PREC=0x00 TTL=64 ID=2 DF PROTO=TCP SPT=40001 DPT=9000 WINDOW=64240 RES=0x00 SYN URGP=0 ",
                        "0 5 - 14/Mar/2025:09:20:17 +0100 starting pvefw logger", ""));
                List<FirewallEvent> events = TopicRecords.events(TopicRecords.read(bootstrap,
                        Topics.FIREWALL_EVENTS.name(ns), 2, Duration.ofSeconds(60)));
                // Then the two packets arrive as pve events with their own header's time, guest and chain
                assertThat(events).as(Files.readString(dir.resolve("rsyslogd.out"))).hasSize(2);
                FirewallEvent drop = events.stream().filter(e -> e.vmid() == 100).findFirst().orElseThrow();
                FirewallEvent reject = events.stream().filter(e -> e.vmid() == 101).findFirst().orElseThrow();
                assertThat(drop.backend()).isEqualTo(Backend.IPTABLES);
                assertThat(drop.policy()).isTrue();
                assertThat(drop.action()).isEqualTo(Action.DROP);
                assertThat(drop.chain()).isEqualTo("tap100i0-IN");
                assertThat(drop.time()).isEqualTo(Instant.parse("2025-03-14T08:20:15Z"));
                assertThat(reject.action()).isEqualTo(Action.REJECT);
                assertThat(reject.packet().destinationPort()).isEqualTo(9000);
                assertThat(counters.snapshot(publisher).deadLettered()).isZero();
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private Path input(Format format) {
        return dir.resolve(format.name().toLowerCase() + ".log");
    }

    /** One file input per format, each in its own ruleset with one forwarding action. */
    private Path config(int udpPort, int tcpPort, int tlsPort) throws IOException {
        StringBuilder conf = new StringBuilder()
                .append("global(workDirectory=\"").append(dir).append("\"\n")
                .append("  DefaultNetstreamDriverCAFile=\"").append(dir.resolve("server.pem")).append("\"\n")
                .append("  DefaultNetstreamDriverCertFile=\"").append(dir.resolve("client.pem")).append("\"\n")
                .append("  DefaultNetstreamDriverKeyFile=\"").append(dir.resolve("client.key")).append("\")\n")
                .append("module(load=\"imfile\")\n");
        for (Format format : Format.values()) {
            Files.writeString(input(format), "");
            String ruleset = format.name().toLowerCase();
            int port = format.protocol.equals("udp") ? udpPort : format.tlsDriver != null ? tlsPort : tcpPort;
            conf.append("input(type=\"imfile\" File=\"").append(input(format)).append("\" Tag=\"kernel:\"")
                    .append(" Facility=\"kern\" Severity=\"warning\" ruleset=\"").append(ruleset).append("\")\n")
                    .append("ruleset(name=\"").append(ruleset).append("\") {\n")
                    .append("  action(type=\"omfwd\" target=\"").append(LOOPBACK).append("\" port=\"").append(port)
                    .append("\" protocol=\"").append(format.protocol).append("\" template=\"")
                    .append(format.template).append('"');
            if (format.template.equals("RSYSLOG_SyslogProtocol23Format")) {
                conf.append(" TCP_Framing=\"octet-counted\"");
            }
            if (format.tlsDriver != null) {
                conf.append(" StreamDriver=\"").append(format.tlsDriver).append("\" StreamDriverMode=\"1\"")
                        .append(" StreamDriverAuthMode=\"x509/name\" StreamDriverPermittedPeers=\"")
                        .append(LOOPBACK).append('"');
            }
            conf.append(")\n}\n");
        }
        Path config = dir.resolve("rsyslog.conf");
        Files.writeString(config, conf.toString());
        return config;
    }

    private List<String> command(Rsyslogd rsyslogd, Path config, String mode) {
        Stream<String> base = Stream.of("timeout", "90", rsyslogd.binary().toString(), mode, "-f", config.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString());
        Stream<String> modules = rsyslogd.modules() == null ? Stream.empty()
                : Stream.of("-M", rsyslogd.modules().toString());
        return Stream.concat(base, modules).toList();
    }

    /** An installed rsyslogd, or the one .ci/run unpacked with its modules; the test is skipped without either. */
    private static Rsyslogd requireRsyslogd() throws IOException {
        Path installed = Path.of("/usr/sbin/rsyslogd");
        if (Files.isExecutable(installed)) {
            return new Rsyslogd(installed, null);
        }
        Path root = Path.of(UNPACKED);
        Path binary = root.resolve("usr/sbin/rsyslogd");
        Path lib = root.resolve("usr/lib");
        if (Files.isExecutable(binary) && Files.isDirectory(lib)) {
            try (Stream<Path> dirs = Files.list(lib)) {
                Path modules = dirs.map(d -> d.resolve("rsyslog")).filter(d -> Files.exists(d.resolve("imfile.so")))
                        .findFirst().orElse(null);
                if (modules != null) {
                    return new Rsyslogd(binary, modules);
                }
            }
        }
        assumeTrue(false, "skipped: rsyslogd is neither installed nor unpacked under " + UNPACKED
                + " (.ci/run unpacks Debian's rsyslog, rsyslog-gnutls and rsyslog-openssl there)");
        return null;
    }
}
