package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.deploy.tls.Keytool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest listen} against the shared broker, on a port another socket of this test holds. */
@ExtendWith(SharedKafkaBroker.class)
class ListenCommandIT {

    @Test
    void a_port_another_process_holds_is_one_clear_line_and_the_command_ends() throws Exception {
        // Given: a loopback port taken
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            // When (bounded: a listener that did start would wait for SIGTERM)
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("ingest", "listen",
                    "--bind", "127.0.0.1", "--tcp", port, "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                    "--namespace", "listen-it"));

            // Then
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).contains("cannot listen on tcp://127.0.0.1:" + port + ": ")
                    .contains("pick another port").doesNotContain("unexpected failure");
        }
    }

    @Test
    void by_default_it_listens_on_every_address_ipv4_and_ipv6() throws Exception {
        // Given: a port taken on IPv4's loopback only
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(taken.getLocalPort());
            // When no --bind is given (bounded: a listener that did start would wait for SIGTERM)
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("ingest", "listen",
                    "--tcp", port, "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace",
                    "listen-it"));
            // Then it asked for every address, IPv6's and (through the dual-stack socket) IPv4's, so the port clashes
            // (on a host whose kernel has no IPv6, every IPv4 address)
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(run.err()).contains("cannot listen on tcp://" + (ipv6() ? "[::]" : "0.0.0.0") + ":" + port + ": ");
        }
    }

    @Test
    void the_summary_counts_the_lines_of_each_sender(@TempDir Path dir) throws Exception {
        // Given a listener; When 127.0.0.1 sends two datagrams
        String all = whileListening(dir, "listen-senders-it", List.of(), (started, out) -> {
            int udp = port(started, "udp");
            try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
                for (int k = 0; k < 2; k++) {
                    client.send(new java.net.DatagramPacket(LINE, LINE.length, InetAddress.getLoopbackAddress(), udp));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("in all 2 records sent") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        });
        // Then
        assertThat(all).contains("; senders 1").contains("read 2 lines").contains("lines by sender: udp://127.0.0.1 2");
    }

    @Test
    void records_kafka_refuses_are_counted_in_the_summary_at_the_stop_instead_of_ending_it_without_one(@TempDir Path dir)
            throws Exception {
        // Given: the namespace's dead-letter topic takes records of at most 1,000 bytes (a cluster's max.message.bytes)
        String namespace = "listen-refused-it";
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("droptrace." + namespace + ".unparsed",
                    3, (short) 1).configs(java.util.Map.of("max.message.bytes", "1000")))).all().get(30, TimeUnit.SECONDS);
        }
        // When a sender sends a firewall line and a line of 2,000 bytes that is none (its dead letter is too large),
        // and the listener is stopped
        Listened listened = listened(dir, namespace, List.of(), (started, out) -> {
            int udp = port(started, "udp");
            // (random letters: lz4 would shrink a run of one letter below the limit)
            byte[] junk = ("<4>Mar 14 09:12:44 pve1 sshd: " + new java.util.Random(5).ints(2_000, 'a', 'z' + 1)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
                for (byte[] datagram : List.of(LINE, junk)) {
                    client.send(new java.net.DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                            udp));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("1 acknowledged by Kafka") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            while (!Files.readString(out).contains("Kafka did not accept a record") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        });
        // Then: the summary, whose counts add up, one line saying what was lost, and not the 143 of a clean stop
        String all = listened.output();
        assertThat(listened.exitStatus()).as(all).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(all).contains("sent 2 records, acknowledged by Kafka 1").contains("records Kafka refused (lost): 1")
                .contains("droptrace: Kafka did not accept 1 record(s) (The request included a message larger than")
                .doesNotContain("unexpected failure");
    }

    @Test
    void a_stop_that_lost_records_kafka_did_not_acknowledge_says_how_many_and_is_not_a_clean_stop(@TempDir Path dir)
            throws Exception {
        // Given: a listener on a Kafka of its own, which goes away after the first line was acknowledged
        int port;
        int controllerPort;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = a.getLocalPort();
            controllerPort = b.getLocalPort();
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).port(port)
                .controllerPort(controllerPort).deleteOnClose(true).start();
        try {
            // When a line is acknowledged, Kafka stops, two more lines come, and the listener is stopped
            Listened listened = listened(dir, "listen-unacknowledged-it", broker.bootstrapServers(), List.of(),
                    (started, out) -> {
                        int udp = port(started, "udp");
                        try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
                            client.send(new java.net.DatagramPacket(LINE, LINE.length, InetAddress.getLoopbackAddress(),
                                    udp));
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                            while (!Files.readString(out).contains("1 acknowledged by Kafka")
                                    && System.nanoTime() < deadline) {
                                Thread.sleep(50);
                            }
                            broker.close();
                            for (int k = 0; k < 2; k++) {
                                client.send(new java.net.DatagramPacket(LINE, LINE.length,
                                        InetAddress.getLoopbackAddress(), udp));
                            }
                            // (the second one sent blocks the receiver on a Kafka that does not answer)
                            while (!Files.readString(out).matches("(?s).*in all [23] records sent.*")
                                    && System.nanoTime() < deadline) {
                                Thread.sleep(50);
                            }
                        }
                    });
            // Then: the summary counts what was lost, one line says so, and the status is not a clean stop's
            String all = listened.output();
            assertThat(listened.exitStatus()).as(all).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
            assertThat(all).contains("(lost): ").contains("droptrace: the stop lost ")
                    .doesNotContain("unexpected failure");
        } finally {
            broker.close();
        }
    }

    private static final byte[] LINE = "<4>Mar 14 09:12:44 pve1 kernel: IN=eth0 SRC=10.0.0.1 DST=10.0.0.2 PROTO=UDP\n"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** What a listener on UDP and TCP ports of 127.0.0.1 printed, from its start until SIGTERM after {@code meanwhile}. */
    private static String whileListening(Path dir, String namespace, List<String> options, WhileRunning meanwhile)
            throws Exception {
        return listened(dir, namespace, options, meanwhile).output();
    }

    /** What a listener printed until SIGTERM after {@code meanwhile}, and the exit status of its JVM. */
    private record Listened(String output, int exitStatus) {
    }

    private static Listened listened(Path dir, String namespace, List<String> options, WhileRunning meanwhile)
            throws Exception {
        return listened(dir, namespace, SharedKafkaBroker.bootstrapServers(), options, meanwhile);
    }

    private static Listened listened(Path dir, String namespace, String bootstrap, List<String> options,
            WhileRunning meanwhile) throws Exception {
        Path out = dir.resolve("listen.out");
        List<String> args = new java.util.ArrayList<>(List.of("ingest", "listen", "--bind", "127.0.0.1", "--udp", "0",
                "--tcp", "0", "--stats-every", "1s", "--bootstrap-servers", bootstrap, "--namespace", namespace));
        args.addAll(options);
        Process listener = ai.thinkheads.droptrace.cli.CliJvm.start(out, 120, args.toArray(new String[0]));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("into namespace") && System.nanoTime() < deadline) {
                assertThat(listener.isAlive()).as(Files.readString(out)).isTrue();
                Thread.sleep(50);
            }
            meanwhile.run(Files.readString(out), out);
        } finally {
            ai.thinkheads.droptrace.cli.CliJvm.stop(listener, false);
        }
        return new Listened(Files.readString(out), listener.isAlive() ? -1 : listener.exitValue());
    }

    @FunctionalInterface
    private interface WhileRunning {
        void run(String started, Path out) throws Exception;
    }

    @Test
    void senders_not_allowed_are_refused_counted_and_said_once_per_receiver(@TempDir Path dir) throws Exception {
        // Given a listener that takes messages from 10.0.0.0/8 only
        String all = whileListening(dir, "listen-allow-it", List.of("--allow", "10.0.0.0/8"), (started, out) -> {
            assertThat(started).contains("taking messages only from 10.0.0.0/8");
            int udp = port(started, "udp");
            int tcp = port(started, "tcp");
            // When 127.0.0.1 sends a datagram and opens a connection
            try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
                client.send(new java.net.DatagramPacket(LINE, LINE.length, InetAddress.getLoopbackAddress(), udp));
            }
            try (java.net.Socket sender = new java.net.Socket(InetAddress.getLoopbackAddress(), tcp)) {
                sender.setSoTimeout(10_000);
                int read;
                try {
                    read = sender.getInputStream().read(); // closed by the listener before a byte is read
                } catch (java.net.SocketException reset) {
                    read = -1;
                }
                assertThat(read).isEqualTo(-1);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Files.readString(out).split("refused syslog from 127.0.0.1", -1).length < 3
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        });
        // Then each receiver said it once, and the summary counts both; nothing was read
        assertThat(all).contains("receiver=udp/", "receiver=tcp/")
                .contains("udp datagrams refused (sender not allowed): 1")
                .contains("tcp and tls connections refused (sender not allowed): 1")
                .contains("read 0 lines");
    }

    private static int port(String output, String scheme) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(scheme + "://127\\.0\\.0\\.1:(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static boolean ipv6() {
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open(
                java.net.StandardProtocolFamily.INET6)) {
            probe.bind(new java.net.InetSocketAddress(InetAddress.getByName("::"), 0));
            return true;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void the_keystore_password_is_read_from_the_first_line_of_a_password_file(@TempDir Path dir) throws Exception {
        // Given: a PKCS#12 keystore made by the JDK's keytool, its password in a file with a CRLF line end,
        // and a TCP port taken, so that the command ends right after loading the TLS settings
        Path keystore = dir.resolve("server.p12");
        Keytool.keyPair(keystore, "s3cret word", "server", "CN=localhost");
        Path right = Files.writeString(dir.resolve("right"), "s3cret word\r\nthe second line is not read\n");
        Path wrong = Files.writeString(dir.resolve("wrong"), "s3cret\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            // When
            CliRun withRight = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("ingest", "listen",
                    "--bind", "127.0.0.1", "--tcp", port, "--tls", "0", "--tls-keystore", keystore.toString(),
                    "--tls-password-file", right.toString(), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                    "--namespace", "listen-it"));
            CliRun withWrong = CliRun.of("ingest", "listen", "--bind", "127.0.0.1", "--tcp", port, "--tls", "0",
                    "--tls-keystore", keystore.toString(), "--tls-password-file", wrong.toString(),
                    "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", "listen-it");

            // Then: the right password loaded the keystore (the command got as far as the taken port)
            assertThat(withRight.exitCode()).as(withRight.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(withRight.err()).contains("cannot listen on tcp://127.0.0.1:" + port + ": ")
                    .doesNotContain("TLS");
            assertThat(withWrong.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(withWrong.err().strip()).isEqualTo("droptrace: cannot load the TLS certificate or key: the password of "
                    + keystore + " is wrong (--tls-password or --tls-password-file)");
        }
    }

    @Test
    void a_receive_buffer_the_kernel_caps_is_a_warning_with_the_sysctl_to_raise_it() throws Exception {
        // Given: a TCP port taken, so that the command ends right after opening the UDP receiver
        // (readAllLines: Files.readString gives only the first character of this /proc/sys file on JDK 17)
        int rmemMax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).strip());
        int asked = 1 << 30; // the most --udp-buffer takes; above any usual net.core.rmem_max
        org.junit.jupiter.api.Assumptions.assumeTrue(rmemMax < asked, "skipped: net.core.rmem_max is " + rmemMax);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // When
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("ingest", "listen",
                    "--bind", "127.0.0.1", "--udp", "0", "--udp-buffer", Integer.toString(asked), "--tcp",
                    Integer.toString(taken.getLocalPort()), "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(),
                    "--namespace", "listen-it"));

            // Then: the buffer the kernel gave, the one asked, and how to raise the cap
            assertThat(run.err()).contains(String.format(java.util.Locale.ROOT, "warning: the kernel gave the UDP "
                    + "socket a receive buffer of %,d bytes, not the %,d asked (net.core.rmem_max caps it)", rmemMax,
                    asked)).contains("'sysctl -w net.core.rmem_max=" + asked + "'");
        }
    }

    @Test
    void a_pem_file_with_the_certificate_and_its_key_is_enough_and_one_without_the_key_says_so(@TempDir Path dir)
            throws Exception {
        // Given: haproxy's form, certificate and key in one file; and a certificate alone
        Path key = dir.resolve("server.key");
        Path cert = dir.resolve("server.crt");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days",
                "2", "-subj", "/CN=localhost").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(Files.readString(dir.resolve("openssl.out"))).isZero();
        Path combined = Files.writeString(dir.resolve("server.pem"), Files.readString(cert) + Files.readString(key));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            // When
            CliRun both = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of("ingest", "listen",
                    "--bind", "127.0.0.1", "--tcp", port, "--tls", "0", "--tls-cert", combined.toString(),
                    "--bootstrap-servers", SharedKafkaBroker.bootstrapServers(), "--namespace", "listen-it"));
            CliRun certOnly = CliRun.of("ingest", "listen", "--tls", "0", "--tls-cert", cert.toString());

            // Then: the combined file loaded (the command got as far as the taken port)
            assertThat(both.exitCode()).as(both.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(both.err()).contains("cannot listen on tcp://127.0.0.1:" + port + ": ").doesNotContain("TLS");
            assertThat(certOnly.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(certOnly.err().strip()).isEqualTo("droptrace: --tls-cert " + cert + " holds no private key: give "
                    + "it with --tls-key");
        }
    }
}
