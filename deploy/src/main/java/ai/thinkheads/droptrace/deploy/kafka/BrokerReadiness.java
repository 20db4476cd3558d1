package ai.thinkheads.droptrace.deploy.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** Waits until a Kafka cluster really answers: a metadata request lists a node. */
public final class BrokerReadiness {

    private BrokerReadiness() {
    }

    /**
     * Polls {@code describeCluster} with short timeouts until it lists a node. An open TCP port
     * alone is not enough: a starting broker accepts connections before it serves metadata.
     *
     * @throws NotReady when the cluster did not answer within {@code timeout}
     */
    public static void await(String bootstrapServers, Duration timeout) {
        await(bootstrapServers, timeout, () -> false);
    }

    /**
     * As {@link #await(String, Duration)}, and ends early, returning false, when {@code stop} says so
     * (asked about ten times a second). A host name that does not resolve (yet) is asked again like a
     * broker that does not answer.
     *
     * @return true when the cluster answered, false when {@code stop} ended the wait
     * @throws NotReady when the cluster did not answer within {@code timeout}
     */
    public static boolean await(String bootstrapServers, Duration timeout, BooleanSupplier stop) {
        return await(bootstrapServers, Map.of(), timeout, stop);
    }

    /**
     * As {@link #await(String, Duration, BooleanSupplier)}, the admin client also given {@code clientSettings}
     * (the cluster's TLS, SASL, ...: a cluster that requires them does not answer a client without them).
     */
    public static boolean await(String bootstrapServers, Map<String, ?> clientSettings, Duration timeout,
            BooleanSupplier stop) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        String last = "no answer";
        Admin admin = null;
        try {
            while (System.nanoTime() < deadline && !stop.getAsBoolean()) {
                try {
                    if (admin == null) {
                        admin = Admin.create(config);
                    }
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                        // the cluster answers and refuses these credentials: asking again does not help
                        throw new NotReady("Kafka at " + bootstrapServers + " refused the client: "
                                + e.getCause().getMessage(), e.getCause().getMessage(), true);
                    }
                    last = messageOf(e.getCause() != null ? e.getCause() : e);
                } catch (java.util.concurrent.TimeoutException e) {
                    last = messageOf(e);
                } catch (KafkaException e) { // Admin.create: no bootstrap address resolves
                    last = messageOf(e.getCause() != null ? e.getCause() : e);
                }
                try {
                    Thread.sleep(admin == null ? 1000 : 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
        if (stop.getAsBoolean()) {
            return false;
        }
        // the admin client's own words ("Timed out waiting for a node assignment") do not say a port is closed
        String socket = unreachable(bootstrapServers);
        String reason = socket != null ? socket : last;
        throw new NotReady("Kafka at " + bootstrapServers + " did not answer within " + timeout.toSeconds() + " s: "
                + reason, reason, false);
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * Why no bootstrap address takes a TCP connection (the first one's reason: {@code host:port: Connection
     * refused}), or {@code null} when one does: the admin client's own timeout message says nothing of that.
     */
    private static String unreachable(String bootstrapServers) {
        String first = null;
        for (String address : bootstrapServers.split(",")) {
            String hostPort = address.strip();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            try (Socket socket = new Socket()) {
                String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
                socket.connect(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))), 1000);
                return null;
            } catch (IOException | IllegalArgumentException e) {
                if (first == null) {
                    first = hostPort + ": " + (e instanceof UnknownHostException ? "unknown host" : e.getMessage());
                }
            }
        }
        return first;
    }

    /**
     * The cluster did not answer in time, or refused the client's credentials ({@link #refused()}: asking
     * again will not help); {@link #reason()} is the last error seen, as the client said it.
     */
    public static final class NotReady extends IllegalStateException {
        private final String reason;
        private final boolean refused;

        NotReady(String message, String reason, boolean refused) {
            super(message);
            this.reason = reason;
            this.refused = refused;
        }

        public String reason() {
            return reason;
        }

        /** True when the cluster answered and refused the client (authentication or authorisation). */
        public boolean refused() {
            return refused;
        }
    }
}
