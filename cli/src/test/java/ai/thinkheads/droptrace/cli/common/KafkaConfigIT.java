package ai.thinkheads.droptrace.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.TopicCount;
import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.deploy.tls.Keytool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --kafka-config} against a cluster that requires SASL (PLAIN) or TLS on the listener droptrace is
 * given: a broker of its own, with a PLAINTEXT listener beside (the test reads the topic through it), a
 * SASL_PLAINTEXT one that admits the user {@code droptrace}, and an SSL one with a certificate for
 * 127.0.0.1 made by the JDK's keytool.
 */
class KafkaConfigIT {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String PASSWORD = "changeit";
    private static final String LINE = "100 6 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 "
            + "SRC=10.0.0.5 DST=10.0.0.100 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=22 "
            + "WINDOW=64240 RES=0x00 SYN URGP=0 ";

    @TempDir
    static Path brokerDir;

    private static EmbeddedKafkaBroker broker;
    private static int saslPort;
    private static int sslPort;
    private static int elsewherePort;
    private static int controllerPort;
    private static Path truststore;
    private static Path otherTruststore;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerWithSasl() throws Exception {
        int plain = freePort();
        int controller = freePort();
        controllerPort = controller;
        saslPort = freePort();
        sslPort = freePort();
        elsewherePort = freePort();
        // the broker's TLS key and certificate for 127.0.0.1, a truststore with it, and one with another
        Path keystore = brokerDir.resolve("broker.p12");
        Keytool.keyPair(keystore, PASSWORD, "broker", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1");
        truststore = brokerDir.resolve("trust.p12");
        trusting(keystore, "broker", truststore);
        Path other = brokerDir.resolve("other.p12");
        Keytool.keyPair(other, PASSWORD, "other", "CN=other");
        otherTruststore = brokerDir.resolve("other-trust.p12");
        trusting(other, "other", otherTruststore);
        broker = EmbeddedKafkaBroker.builder(brokerDir.resolve("kafka")).port(plain).controllerPort(controller)
                .deleteOnClose(true)
                .property("listeners", "PLAINTEXT://" + LOOPBACK + ":" + plain + ",CONTROLLER://" + LOOPBACK + ":"
                        + controller + ",SASL_PLAINTEXT://" + LOOPBACK + ":" + saslPort + ",SSL://" + LOOPBACK + ":" + sslPort
                        + ",ELSEWHERE://" + LOOPBACK + ":" + elsewherePort)
                // ELSEWHERE: a listener that names the broker by a host name of another network, as in a container
                .property("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + plain + ",SASL_PLAINTEXT://"
                        + LOOPBACK + ":" + saslPort + ",SSL://" + LOOPBACK + ":" + sslPort + ",ELSEWHERE://kafka-0.invalid:"
                        + elsewherePort)
                .property("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,ELSEWHERE:PLAINTEXT")
                .property("ssl.keystore.location", keystore.toString())
                .property("ssl.keystore.password", PASSWORD)
                .property("ssl.keystore.type", "PKCS12")
                .property("sasl.enabled.mechanisms", "PLAIN")
                .property("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                + "user_droptrace=\"s3cret\";")
                .start();
    }

    /** A truststore at {@code truststore} that trusts the certificate of {@code alias} in {@code keystore}. */
    private static void trusting(Path keystore, String alias, Path truststore) throws Exception {
        Path certificate = brokerDir.resolve(alias + ".crt");
        Keytool.run(brokerDir, PASSWORD, "-exportcert", "-keystore", keystore, "-alias", alias, "-file", certificate);
        Keytool.run(brokerDir, PASSWORD, "-importcert", "-noprompt", "-keystore", truststore, "-alias", alias, "-file",
                certificate);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void noSettingsLeftForOtherTests() {
        KafkaClientSettings.use(Map.of());
    }

    @Test
    void replay_into_a_cluster_that_requires_sasl_works_with_the_settings_and_is_refused_without_them()
            throws Exception {
        // Given a log, and client settings with the right and with a wrong password
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\nnot a firewall line\n");
        Path right = settings("s3cret");
        Path wrong = settings("guessed");
        Namespace ns = Namespace.of("it-sasl-" + UUID.randomUUID().toString().substring(0, 8));
        String sasl = LOOPBACK + ":" + saslPort;
        // When
        CliRun refused = replay(log, sasl, wrong, ns);
        CliRun replayed = replay(log, sasl, right, ns);
        // Then the wrong password is one line at once, saying so; the right one sends both lines
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(refused.err().strip().lines().reduce((first, second) -> second).orElse("")).startsWith("droptrace: Kafka at " + sasl + " refused droptrace (")
                .contains("Authentication failed").endsWith("check the credentials and settings of --kafka-config");
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(replayed.err()).contains("warning: --kafka-config " + right + ": acks is set by droptrace itself");
        assertThat(TopicCount.records(broker.bootstrapServers(), Topics.FIREWALL_EVENTS.name(ns))).isEqualTo(1);
        assertThat(TopicCount.records(broker.bootstrapServers(), Topics.UNPARSED.name(ns))).isEqualTo(1);
    }

    @Test
    void replay_over_tls_trusts_the_cluster_by_the_truststore_given_and_no_other() throws Exception {
        // Given client settings for the TLS listener: the broker's certificate trusted, or another one
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\n");
        Path trusting = Files.writeString(dir.resolve("tls.properties"), "security.protocol=SSL\n"
                + "ssl.truststore.location=" + truststore + "\nssl.truststore.password=" + PASSWORD + "\n");
        Path distrusting = Files.writeString(dir.resolve("other.properties"), "security.protocol=SSL\n"
                + "ssl.truststore.location=" + otherTruststore + "\nssl.truststore.password=" + PASSWORD + "\n");
        Namespace ns = Namespace.of("it-tls-" + UUID.randomUUID().toString().substring(0, 8));
        String tls = LOOPBACK + ":" + sslPort;
        // When
        CliRun refused = replay(log, tls, distrusting, ns);
        CliRun replayed = replay(log, tls, trusting, ns);
        // Then a certificate it does not trust is one line at once; the trusted one carries the line
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(refused.err().strip()).startsWith("droptrace: Kafka at " + tls + " refused droptrace (")
                .contains("SSL handshake failed");
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        assertThat(TopicCount.records(broker.bootstrapServers(), Topics.FIREWALL_EVENTS.name(ns))).isEqualTo(1);
    }

    @Test
    void a_replay_without_tls_settings_to_the_tls_listener_is_one_line_at_once_and_sends_nothing() throws Exception {
        // Given the TLS listener's address and no client settings: the Kafka client would speak plain text to it, read
        // the broker's TLS alert as the length of a response, and die allocating 352 MB
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\n");
        Namespace ns = Namespace.of("it-plain-to-tls-" + UUID.randomUUID().toString().substring(0, 8));
        String tls = LOOPBACK + ":" + sslPort;

        // When
        CliRun refused = CliRun.of("replay", log.toString(), "--bootstrap-servers", tls, "--namespace", ns.name());

        // Then one line says what it is and what to set, and nothing reached Kafka
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(refused.err().strip()).isEqualTo("droptrace: Kafka at " + tls + " refused droptrace (" + tls
                + " answers in TLS, not in plain text); give --kafka-config a file with security.protocol=SSL (or "
                + "SASL_SSL) and the cluster's truststore (ssl.truststore.location), or the address of its plain-text "
                + "listener");
        assertThat(TopicCount.records(broker.bootstrapServers(), Topics.FIREWALL_EVENTS.name(ns))).isZero();
    }

    @Test
    void a_cluster_that_advertises_its_broker_by_a_name_that_does_not_resolve_here_is_said_so() throws Exception {
        // Given the listener whose broker is advertised as kafka-0.invalid
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\n");
        String elsewhere = LOOPBACK + ":" + elsewherePort;

        // When
        CliRun run = CliRun.of("replay", log.toString(), "--bootstrap-servers", elsewhere, "--namespace", "it-elsewhere");

        // Then the reason is the advertised name, not 'Timed out waiting for a node assignment'
        assertThat(run.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.err().strip()).isEqualTo("droptrace: cannot reach Kafka at " + elsewhere + " within 15 s ("
                + elsewhere + " answers, and names its broker kafka-0.invalid:" + elsewherePort + " (advertised.listeners), "
                + "which cannot be reached from here: unknown host); check --bootstrap-servers, or leave it out to use "
                + "the embedded broker");
    }

    @Test
    void the_kraft_controllers_listener_given_for_a_brokers_is_one_line_at_once() throws Exception {
        // Given the controller's port (9093 beside a broker's 9092 in Kafka's own example configuration)
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\n");
        String controller = LOOPBACK + ":" + controllerPort;

        // When
        CliRun run = CliRun.of("replay", log.toString(), "--bootstrap-servers", controller, "--namespace", "it-ctl");

        // Then: not 15 s, then 'cannot reach Kafka ... (Timed out waiting for a node assignment. Call: listNodes)'
        assertThat(run.exitCode()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.err().strip()).isEqualTo("droptrace: --bootstrap-servers " + controller + ": " + controller
                + " is a KRaft controller's listener, which serves no clients; give the address of a broker's listener "
                + "(one of its advertised.listeners)");
    }

    @Test
    void a_tail_follows_into_a_cluster_that_requires_sasl() throws Exception {
        // Given a log with one drop and a tail of it in a JVM of its own, with the client settings
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\n");
        Namespace ns = Namespace.of("it-sasl-tail-" + UUID.randomUUID().toString().substring(0, 8));
        Process tail = CliJvm.start(dir.resolve("tail.out"), 120, "ingest", "tail", log.toString(), "--state-file",
                dir.resolve("state.json").toString(), "--bootstrap-servers", LOOPBACK + ":" + saslPort,
                "--kafka-config", settings("s3cret").toString(), "--namespace", ns.name(), "--poll", "20");
        try {
            // When a second line is written after it started
            String topic = Topics.FIREWALL_EVENTS.name(ns);
            awaitRecords(topic, 1, tail);
            Files.writeString(log, LINE.replace("ID=1 ", "ID=2 ") + "\n", java.nio.file.StandardOpenOption.APPEND);
            // Then both arrive, through the producer and the recovery consumers of the tail, all with SASL
            awaitRecords(topic, 2, tail);
        } finally {
            CliJvm.stop(tail, false);
        }
        assertThat(Files.readString(dir.resolve("tail.out"))).contains("read 2 lines").contains("acknowledged by Kafka 2");
    }

    @Test
    void the_correlator_reads_and_writes_a_cluster_that_requires_sasl_with_the_settings() throws Exception {
        // Given a drop on a path that must work, replayed over SASL
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), LINE + "\n");
        Namespace ns = Namespace.of("it-sasl-streams-" + UUID.randomUUID().toString().substring(0, 8));
        String sasl = LOOPBACK + ":" + saslPort;
        Path right = settings("s3cret");
        CliRun replayed = replay(log, sasl, right, ns);
        assertThat(replayed.exitCode()).as(replayed.err()).isZero();
        // When the correlator runs against the SASL listener only: Kafka Streams' consumers, producers and
        // admin client all need the settings
        Process correlate = CliJvm.start(dir.resolve("correlate.out"), 180, "correlate", "--bootstrap-servers", sasl,
                "--kafka-config", right.toString(), "--namespace", ns.name(), "--api-port", "0", "--state-dir",
                dir.resolve("state").toString(), "--must-work", "10.0.0.5,10.0.0.100,tcp,22");
        try {
            // Then its alert arrives: the event was read and the alert written, over SASL
            awaitRecords(Topics.ALERTS.name(ns), 1, correlate, "correlate.out", 120);
        } finally {
            CliJvm.stop(correlate, false);
        }
        assertThat(Files.readString(dir.resolve("correlate.out"))).doesNotContain("Authentication failed")
                .contains("stopped cleanly");
    }

    private void awaitRecords(String topic, long expected, Process process) throws Exception {
        awaitRecords(topic, expected, process, "tail.out", 60);
    }

    private void awaitRecords(String topic, long expected, Process process, String output, int seconds) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(seconds).toNanos();
        while (TopicCount.records(broker.bootstrapServers(), topic) < expected) {
            assertThat(process.isAlive()).as("it runs: %s", Files.readString(dir.resolve(output))).isTrue();
            assertThat(System.nanoTime()).as("%d records on %s in time", expected, topic).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void the_settings_without_a_cluster_or_a_file_are_one_line_before_anything_starts() throws Exception {
        Path file = settings("s3cret");
        CliRun embedded = CliRun.of("replay", file.toString(), "--kafka-config", file.toString());
        assertThat(embedded.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(embedded.err()).contains("--kafka-config is for a cluster given with --bootstrap-servers")
                .doesNotContain("Started an embedded Kafka broker");
        CliRun missing = CliRun.of("replay", file.toString(), "--bootstrap-servers", LOOPBACK + ":" + saslPort,
                "--kafka-config", dir.resolve("nowhere.properties").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(missing.err().strip()).isEqualTo("droptrace: cannot read --kafka-config "
                + dir.resolve("nowhere.properties") + ": no such file");
    }

    /** {@code droptrace replay LOG} into {@code ns} of the cluster at {@code bootstrap}, with {@code settings}. */
    private static CliRun replay(Path log, String bootstrap, Path settings, Namespace ns) {
        return CliRun.of("replay", log.toString(), "--bootstrap-servers", bootstrap, "--kafka-config",
                settings.toString(), "--namespace", ns.name());
    }

    private Path settings(String password) throws Exception {
        return Files.writeString(dir.resolve(password + ".properties"), String.join("\n",
                "# the cluster's listener for droptrace",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required \\",
                "    username=\"droptrace\" password=\"" + password + "\";",
                "acks=1", ""));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}
