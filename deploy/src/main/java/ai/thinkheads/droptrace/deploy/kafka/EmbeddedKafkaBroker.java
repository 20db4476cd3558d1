package ai.thinkheads.droptrace.deploy.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM,
 * started from the Kafka Maven artifacts: no Docker, no download. It formats its data directory
 * on first use, waits until the broker really answers a metadata request, and stops cleanly.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).start()) {
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONFIG_FILE = "server.properties";

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final KafkaRaftServer server;
    private volatile boolean closed;
    /** For a temporary broker: what deletes its directory at exit when it was not closed before. */
    private volatile ExitCleanup exitCleanup;

    private EmbeddedKafkaBroker(Path dataDir, boolean deleteOnClose, int brokerPort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.server = server;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /**
     * Starts a broker in a fresh temporary directory that is deleted again on {@link #close()}, or at the exit of
     * the JVM when that comes first (Ctrl-C or SIGTERM during a command, also while the broker starts).
     */
    public static EmbeddedKafkaBroker startTemporary() {
        return startTemporary(() -> { });
    }

    /**
     * As {@link #startTemporary()}; at the exit of the JVM, {@code beforeExitCleanup} runs first (bounded by the
     * caller), so that a command that stops in order on SIGTERM still has its broker until it has done so.
     */
    public static EmbeddedKafkaBroker startTemporary(Runnable beforeExitCleanup) {
        // the exit hook first: a directory made once a signal has begun the JVM's exit would have no hook to delete it
        ExitCleanup cleanup = new ExitCleanup(beforeExitCleanup);
        Path dir;
        try {
            dir = Files.createTempDirectory("droptrace-kafka-");
        } catch (IOException e) {
            cleanup.cancel();
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
        cleanup.directory(dir);
        EmbeddedKafkaBroker broker;
        try {
            broker = builder(dir).deleteOnClose(true).start();
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            cleanup.cancel();
            throw e;
        }
        broker.exitCleanup = cleanup;
        cleanup.watch(broker);
        return broker;
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOGGER.atDebug()
                .addKeyValue("tookMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .log("embedded Kafka broker stopped");
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
        if (exitCleanup != null) {
            exitCleanup.cancel();
        }
    }

    /**
     * The port of the listener {@code listener} ({@code CONTROLLER} or {@code PLAINTEXT}) of a broker formatted in
     * {@code dataDir} before, which a start there listens on again (the controller's address is part of the recorded
     * voter set, so it cannot move; the broker's when no port is given); empty for a directory not formatted yet.
     */
    public static OptionalInt keptPort(Path dataDir, String listener) {
        return keptPort(previousConfig(dataDir), listener);
    }

    private static OptionalInt keptPort(Properties previous, String listener) {
        String listeners = previous.getProperty("listeners", "");
        for (String entry : listeners.split(",")) {
            if (entry.startsWith(listener + "://")) {
                return OptionalInt.of(Integer.parseInt(entry.substring(entry.lastIndexOf(':') + 1)));
            }
        }
        return OptionalInt.empty();
    }

    private static Properties previousConfig(Path dataDir) {
        Path config = dataDir.resolve(CONFIG_FILE);
        Properties props = new Properties();
        if (Files.exists(config) && Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
            try (var in = Files.newInputStream(config)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + config, e);
            }
        }
        return props;
    }

    /** Options of an embedded broker; every one has a default fit for a laptop or a test JVM. */
    public static final class Builder {
        private final Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private boolean deleteOnClose;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private final Properties overrides = new Properties();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.brokerPort = port;
            return this;
        }

        /** The controller port; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        public Builder deleteOnClose(boolean delete) {
            this.deleteOnClose = delete;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** Any broker property, applied last. */
        public Builder property(String key, String value) {
            overrides.setProperty(key, value);
            return this;
        }

        public EmbeddedKafkaBroker start() {
            long started = System.nanoTime();
            Path logDir = dataDir.resolve("kraft-logs");
            // A directory formatted before keeps its ports: the controller's address is part of
            // the recorded voter set.
            Properties previous = previousConfig();
            int port = brokerPort != 0 ? brokerPort : previousPort(previous, "PLAINTEXT");
            int ctrl = controllerPort != 0 ? controllerPort : previousPort(previous, "CONTROLLER");
            Properties props = BrokerProperties.singleNode(logDir, port, ctrl);
            props.putAll(overrides);
            format(props, logDir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, deleteOnClose, port, server);
            try {
                BrokerReadiness.await(broker.bootstrapServers(), readyTimeout);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            LOGGER.atInfo()
                    .addKeyValue("bootstrapServers", broker.bootstrapServers())
                    .addKeyValue("tookMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .log("embedded Kafka broker ready");
            return broker;
        }

        private Properties previousConfig() {
            return EmbeddedKafkaBroker.previousConfig(dataDir);
        }

        private static int previousPort(Properties previous, String listener) {
            return keptPort(previous, listener).orElseGet(EmbeddedKafkaBroker::freePort);
        }

        private void format(Properties props, Path logDir) {
            try {
                Files.createDirectories(logDir);
                Path config = dataDir.resolve(CONFIG_FILE);
                try (OutputStream out = Files.newOutputStream(config)) {
                    props.store(out, "droptrace embedded broker");
                }
                if (Files.exists(logDir.resolve("meta.properties"))) {
                    return;
                }
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                int rc = StorageTool.execute(new String[] {
                    "format", "--standalone",
                    "-t", Uuid.randomUuid().toString(), "-c", config.toString()
                }, new PrintStream(captured, true, StandardCharsets.UTF_8));
                if (rc != 0) {
                    throw new IllegalStateException("cannot format the Kafka data directory " + logDir + ": "
                            + captured.toString(StandardCharsets.UTF_8).strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the Kafka data directory " + dataDir, e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("cannot delete broker file");
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOGGER.atWarn().addKeyValue("error", e.getMessage()).log("cannot delete broker directory");
        }
    }
}
