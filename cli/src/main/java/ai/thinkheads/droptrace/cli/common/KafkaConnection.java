package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.core.json.ConfigText;
import ai.thinkheads.droptrace.core.kafka.KafkaClientSettings;
import ai.thinkheads.droptrace.deploy.kafka.BrokerReadiness;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.utils.Utils;

/**
 * The Kafka a command talks to: the cluster named by {@code --bootstrap-servers}, checked to
 * answer, or else an embedded single-node broker in a temporary directory, stopped on close.
 */
public final class KafkaConnection implements AutoCloseable {

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FIRST_ROUND = Duration.ofSeconds(2);
    private static final int WAIT_NOTE_MINUTES = 5;

    /** The {@code --kafka-config} file of the settings in use ({@link KafkaClientSettings}), for its errors. */
    private static volatile Path settingsFile;

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker embedded;

    private KafkaConnection(String bootstrapServers, EmbeddedKafkaBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    public static KafkaConnection open(KafkaOptions options) {
        return open(options, () -> false);
    }

    /**
     * As {@link #open(KafkaOptions)}, the wait for a cluster that does not answer (up to 15 s) ended early when
     * {@code stop} says so (SIGTERM, Ctrl-C): {@code null} then.
     */
    public static KafkaConnection open(KafkaOptions options, BooleanSupplier stop) {
        PrintWriter err = options.err();
        options.namespace(); // a bad --namespace is a usage error before a broker is reached or started
        checkAddresses(options.bootstrapServers());
        useClientSettings(options, options.bootstrapServers());
        if (options.bootstrapServers() != null) {
            try {
                if (!BrokerReadiness.await(options.bootstrapServers(), KafkaClientSettings.current(), REACH_TIMEOUT,
                        stop)) {
                    return null;
                }
            } catch (KafkaException e) {
                throw unusable(e);
            } catch (BrokerReadiness.NotReady e) {
                if (e.refused()) {
                    throw refused(options.bootstrapServers(), e);
                }
                throw new UserException(ExitCodes.KAFKA_UNAVAILABLE, "cannot reach Kafka at "
                        + options.bootstrapServers() + " within " + REACH_TIMEOUT.toSeconds()
                        + " s (" + e.reason() + "); check --bootstrap-servers, or leave it out to use the embedded broker", e);
            }
            return new KafkaConnection(options.bootstrapServers(), null);
        }
        return embedded(err);
    }

    /**
     * As {@link #open}, for the commands that run until stopped ({@code ingest tail}, {@code ingest listen}):
     * a cluster named by {@code --bootstrap-servers} that does not answer yet — a node that boots before its
     * Kafka, a broker being restarted, a name not in DNS yet — is waited for, saying so at once and then
     * every {@value #WAIT_NOTE_MINUTES} minutes, until it answers or {@code signal} is raised (SIGTERM, Ctrl-C).
     *
     * @return the connection, or {@code null} when the signal came first
     */
    public static KafkaConnection openWaiting(KafkaOptions options, ShutdownSignal signal) {
        options.namespace(); // a bad --namespace is a usage error before a broker is waited for or started
        checkAddresses(options.bootstrapServers());
        useClientSettings(options, options.bootstrapServers());
        if (options.bootstrapServers() == null) {
            return embedded(options.err());
        }
        PrintWriter err = options.err();
        boolean reached = awaitReachable(options.bootstrapServers(), signal, line -> {
            err.println(line);
            err.flush();
        }, "nothing is read until it answers. SIGTERM or Ctrl-C stops; check --bootstrap-servers if it never does");
        return reached ? new KafkaConnection(options.bootstrapServers(), null) : null;
    }

    /**
     * Waits until the cluster at {@code bootstrapServers} answers or {@code signal} is raised; a cluster that
     * does not answer at once is said ({@code Waiting for Kafka at ... (reason); <advice>.}), again every
     * {@value #WAIT_NOTE_MINUTES} minutes, and when it answers.
     *
     * @return true when it answered, false when the signal came first
     */
    public static boolean awaitReachable(String bootstrapServers, ShutdownSignal signal, Consumer<String> say,
            String advice) {
        long start = System.nanoTime();
        long nextNote = 0;
        while (true) {
            try {
                // a first short round: a broker that is up answers in well under a second
                Duration round = nextNote == 0 && System.nanoTime() - start < 1_000_000_000L ? FIRST_ROUND : REACH_TIMEOUT;
                if (BrokerReadiness.await(bootstrapServers, KafkaClientSettings.current(), round,
                        signal::stopRequested)) {
                    if (nextNote > 0) {
                        say.accept("Kafka at " + bootstrapServers + " answers, after "
                                + (System.nanoTime() - start) / 1_000_000_000L + " s.");
                    }
                    return true;
                }
                return false;
            } catch (KafkaException e) {
                throw unusable(e);
            } catch (BrokerReadiness.NotReady e) {
                if (e.refused()) {
                    throw refused(bootstrapServers, e);
                }
                long waited = System.nanoTime() - start;
                if (waited >= nextNote) {
                    say.accept((nextNote == 0 ? "Waiting for Kafka at " : "Still waiting for Kafka at ")
                            + bootstrapServers + " (" + e.reason() + "); " + advice + ".");
                    nextNote = waited + Duration.ofMinutes(WAIT_NOTE_MINUTES).toNanos();
                }
            }
        }
    }

    /**
     * The {@code --kafka-config} file's settings for every Kafka client of this command
     * ({@link KafkaClientSettings}); a key droptrace sets itself is named in a warning and left out. The
     * embedded broker needs none: the option without a cluster to use it for is a usage error.
     *
     * @param bootstrapServers the cluster the command uses, {@code null} for the embedded broker
     */
    public static void useClientSettings(KafkaOptions options, String bootstrapServers) {
        useClientSettings(options.err(), options.kafkaConfig(), bootstrapServers);
    }

    /** As {@link #useClientSettings(KafkaOptions, String)}, from {@code file} ({@code null} for none). */
    public static void useClientSettings(PrintWriter err, Path file, String bootstrapServers) {
        settingsFile = file;
        if (file == null) {
            KafkaClientSettings.use(Map.of());
            return;
        }
        requireCluster(file, bootstrapServers);
        InputFiles.requireReadable(List.of(file), ExitCodes.CONFIG_INVALID, "--kafka-config ");
        Properties properties = new Properties();
        try (Reader in = new StringReader(ConfigText.read(file))) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read --kafka-config " + file + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        Map<String, String> settings = new TreeMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            settings.put(key, properties.getProperty(key).strip());
            if (KafkaClientSettings.reserved(key)) {
                err.println("droptrace: warning: --kafka-config " + file + ": " + key + " is set by droptrace itself "
                        + "(--bootstrap-servers, its serialisers, client ids and delivery guarantees); ignored");
            } else if (!ClientSettingNames.known(key)) {
                String nearest = ClientSettingNames.nearest(key);
                err.println("droptrace: warning: --kafka-config " + file + ": " + key + " is not a setting of Kafka's "
                        + "clients" + (nearest == null ? "" : " (" + nearest + "?)") + "; they ignore it, unless a "
                        + "plugin of these settings reads it");
            }
        }
        err.flush();
        checkSettings(file, settings, bootstrapServers);
        KafkaClientSettings.use(settings); // without the keys just named
    }

    /**
     * The usage errors of the Kafka options ({@code --bootstrap-servers} that is not HOST:PORT, {@code --kafka-config}
     * without it), for a command that reads and notes on its other input before it opens Kafka ({@code doctor}): said
     * first, they are the one line bad input gets, not one after the notes.
     */
    public static void checkUsage(KafkaOptions options) {
        checkAddresses(options.bootstrapServers());
        requireCluster(options.kafkaConfig(), options.bootstrapServers());
    }

    private static void requireCluster(Path kafkaConfig, String bootstrapServers) {
        if (kafkaConfig != null && bootstrapServers == null) {
            throw new UserException(ExitCodes.USAGE, "--kafka-config is for a cluster given with --bootstrap-servers; "
                    + "the embedded broker needs no client settings");
        }
    }

    /**
     * A value the Kafka client cannot take ({@code security.protocol=SSl_SASL}, {@code request.timeout.ms=30s}) is the
     * file's error at once, exit 3: each client would refuse to start, which the wait for the cluster read as a
     * cluster that does not answer, for 15 s and with the wrong reason.
     */
    private static void checkSettings(Path file, Map<String, String> settings, String bootstrapServers) {
        Map<String, Object> admin = new HashMap<>(settings);
        admin.keySet().removeIf(KafkaClientSettings::reserved);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try {
            new AdminClientConfig(admin);
        } catch (ConfigException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "--kafka-config " + file + ": " + e.getMessage(), e);
        }
        // a keystore or truststore that is not there: each client logged an ERROR a second, then the wait for the
        // cluster said it did not answer (exit 4)
        for (String key : List.of(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG)) {
            String location = settings.get(key);
            String problem = location == null || location.isEmpty() ? null : InputFiles.problem(Path.of(location));
            if (problem != null) {
                throw new UserException(ExitCodes.CONFIG_INVALID, "--kafka-config " + file + ": " + key + " " + location
                        + ": " + problem);
            }
        }
    }

    /**
     * A {@code --bootstrap-servers} that is not a list of {@code HOST:PORT} is a usage error at once: the client
     * would refuse it as it is, and waiting for it to answer only puts off saying so. Host names are not looked
     * up here: one that does not resolve yet is waited for like a broker that does not answer.
     */
    static void checkAddresses(String bootstrapServers) {
        if (bootstrapServers == null) {
            return;
        }
        for (String address : bootstrapServers.split(",", -1)) {
            String hostPort = address.strip();
            String host = Utils.getHost(hostPort);
            Integer port;
            try {
                port = Utils.getPort(hostPort);
            } catch (NumberFormatException e) {
                port = null;
            }
            if (host == null || host.isEmpty() || port == null || port < 1 || port > 65_535) {
                throw new UserException(ExitCodes.USAGE, "--bootstrap-servers '" + bootstrapServers + "': '" + hostPort
                        + "' is not HOST:PORT; write it like kafka1:9092,kafka2:9092, or leave the option out to use "
                        + "the embedded broker");
            }
        }
    }

    /**
     * Settings no Kafka client can be made with, found when the first one is: a keystore or truststore that cannot be
     * loaded (a wrong password, not a keystore), a JAAS configuration that cannot be parsed or names a login module
     * that is not there. Before, the wait for the cluster took them for a cluster that does not answer: 15 s, then
     * {@code Failed to create new NetworkClient}, exit 4, without the reason even with {@code -v}.
     */
    static UserException unusable(KafkaException e) {
        String message = "--kafka-config" + (settingsFile == null ? "" : " " + settingsFile)
                + ": Kafka's client cannot be made with these settings (" + reasonOf(e) + ")";
        // -v prints the causes: not one whose words may hold a piece of the JAAS configuration's password
        return jaas(e) ? new UserException(ExitCodes.CONFIG_INVALID, message)
                : new UserException(ExitCodes.CONFIG_INVALID, message, e);
    }

    private static boolean jaas(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("JAAS")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a failed client creation says, without the wrappers ({@code Failed to create new KafkaAdminClient}) and
     * repeats: at most two messages, the second the cause of the first. A quoted word of a JAAS configuration's error
     * is left out: the parser quotes the word it stopped at, which can be a piece of the password.
     */
    public static String reasonOf(Throwable e) {
        List<String> said = new ArrayList<>();
        for (Throwable t = e; t != null && said.size() < 2; t = t.getCause()) {
            String message = t.getMessage();
            boolean wrapper = message == null || message.startsWith("Failed to create new ")
                    || t.getCause() != null && message.equals(t.getCause().toString());
            if (!wrapper && (said.isEmpty() || !said.get(said.size() - 1).contains(message))) {
                said.add(message.contains("JAAS") ? message.replaceAll("'[^']*'", "'...'") : message);
            }
        }
        return said.isEmpty() ? e.toString() : String.join(": ", said);
    }

    private static UserException refused(String bootstrapServers, BrokerReadiness.NotReady e) {
        if (e.mismatch() == BrokerReadiness.NotReady.Mismatch.TLS) {
            return new UserException(ExitCodes.KAFKA_UNAVAILABLE, "Kafka at " + bootstrapServers + " refused droptrace ("
                    + e.reason() + "); give --kafka-config a file with security.protocol=SSL (or SASL_SSL) and the "
                    + "cluster's truststore (ssl.truststore.location), or the address of its plain-text listener", e);
        }
        if (e.mismatch() == BrokerReadiness.NotReady.Mismatch.CONTROLLER) {
            return new UserException(ExitCodes.KAFKA_UNAVAILABLE, "--bootstrap-servers " + bootstrapServers + ": "
                    + e.reason() + "; give the address of a broker's listener (one of its advertised.listeners)", e);
        }
        if (e.mismatch() == BrokerReadiness.NotReady.Mismatch.NOT_KAFKA) {
            return new UserException(ExitCodes.KAFKA_UNAVAILABLE, "--bootstrap-servers " + bootstrapServers + ": "
                    + e.reason() + "; give the address of a Kafka listener", e);
        }
        return new UserException(ExitCodes.KAFKA_UNAVAILABLE, "Kafka at " + bootstrapServers + " refused droptrace ("
                + e.reason() + "); check the credentials and settings of --kafka-config", e);
    }

    private static KafkaConnection embedded(PrintWriter err) {
        // Stopped at exit only once a command that stops in order (SIGTERM, Ctrl-C) has done so: it needs Kafka for that.
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary(ShutdownSignal::awaitInstalledClosed);
        err.println("Started an embedded Kafka broker at " + broker.bootstrapServers() + " (stopped on exit).");
        err.flush();
        return new KafkaConnection(broker.bootstrapServers(), broker);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
