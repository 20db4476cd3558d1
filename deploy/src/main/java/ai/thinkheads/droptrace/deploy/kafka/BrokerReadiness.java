package ai.thinkheads.droptrace.deploy.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/** Waits until a Kafka cluster really answers: a metadata request lists a node. */
public final class BrokerReadiness {

    /** The longest all the addresses are given to say what they speak ({@link ListenerProbe}). */
    private static final Duration PROBE = Duration.ofSeconds(1);
    /** The longest a single question waits for its answer: a broker that is up answers in well under a second. */
    private static final Duration ATTEMPT = Duration.ofSeconds(2);

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
        return await(bootstrapServers, Map.of(), timeout, stop, false);
    }

    /**
     * As {@link #await(String, Duration, BooleanSupplier)}, the admin client also given {@code clientSettings}
     * (the cluster's TLS, SASL, ...: a cluster that requires them does not answer a client without them). A client
     * in plain text is not made when an address answers in TLS or not as Kafka ({@link NotReady#mismatch()}, at once);
     * a TLS client that gets no answer names an address that answers Kafka in plain text.
     *
     * @throws KafkaException when no client can be made with {@code clientSettings} (a keystore or truststore that
     *                        cannot be loaded, a wrong password for it, a JAAS configuration that cannot be parsed), at once
     */
    public static boolean await(String bootstrapServers, Map<String, ?> clientSettings, Duration timeout,
            BooleanSupplier stop) {
        return await(bootstrapServers, clientSettings, timeout, stop, true);
    }

    /**
     * @param probe whether to ask each address what it speaks ({@link ListenerProbe}) before a client connects in
     *              plain text, and after a TLS client found no answer: not for the embedded broker, which is ours
     */
    private static boolean await(String bootstrapServers, Map<String, ?> clientSettings, Duration timeout,
            BooleanSupplier stop, boolean probe) {
        boolean tls = String.valueOf(clientSettings.get("security.protocol")).strip().toUpperCase(Locale.ROOT)
                .endsWith("SSL");
        if (probe && !tls) {
            NotReady mismatch = notPlainKafka(bootstrapServers);
            if (mismatch != null) {
                throw mismatch;
            }
        }
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        Admin[] admin = {null};
        try {
            String last = waitForNodes(wait -> {
                if (admin[0] == null) {
                    admin[0] = Admin.create(config);
                }
                DescribeClusterOptions within = new DescribeClusterOptions().timeoutMs((int) Math.max(1, wait.toMillis()));
                // a little longer than the client's own timeout, whose words are the better reason
                return !admin[0].describeCluster(within).nodes().get(wait.toMillis() + 200, TimeUnit.MILLISECONDS).isEmpty();
            }, timeout, stop, Clock.SYSTEM);
            if (last == null) {
                return true;
            }
            if (stop.getAsBoolean()) {
                return false;
            }
            // the admin client's own words ("Timed out waiting for a node assignment") do not say a port is closed
            String socket = unreachable(bootstrapServers);
            String plainKafka = socket == null && probe && tls ? plainKafka(bootstrapServers) : null;
            String advertised = socket == null && probe && !tls ? unreachableBroker(bootstrapServers) : null;
            String closed = socket == null && probe && plainKafka == null && advertised == null ? closed(bootstrapServers)
                    : null;
            String reason = socket != null ? socket : plainKafka != null ? plainKafka : advertised != null ? advertised
                    : closed != null ? closed : last;
            throw new NotReady("Kafka at " + bootstrapServers + " did not answer within " + timeout.toSeconds() + " s: "
                    + reason, reason, false);
        } catch (ExecutionException e) {
            // the cluster answers and refuses these credentials: asking again does not help
            throw new NotReady("Kafka at " + bootstrapServers + " refused the client: "
                    + e.getCause().getMessage(), e.getCause().getMessage(), true);
        } finally {
            if (admin[0] != null) {
                admin[0].close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * Asks until the cluster lists a node, {@code timeout} runs out or {@code stop} says so.
     *
     * @return {@code null} when the cluster answered, else the last error seen
     * @throws ExecutionException whose cause is the cluster refusing the client's credentials
     * @throws KafkaException     when no client can be made, for any reason but an address that does not resolve
     */
    static String waitForNodes(Ask ask, Duration timeout, BooleanSupplier stop, Clock clock) throws ExecutionException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (clock.nanoTime() < deadline && !stop.getAsBoolean()) {
            boolean created = true;
            try {
                // no question or pause runs past the deadline: the wait ends when the timeout says, not seconds later
                if (ask.nodes(atMost(ATTEMPT, deadline - clock.nanoTime()))) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                    throw e;
                }
                last = messageOf(e.getCause() != null ? e.getCause() : e);
            } catch (java.util.concurrent.TimeoutException e) {
                last = messageOf(e);
            } catch (KafkaException e) { // Admin.create: no bootstrap address resolves
                if (!(e.getCause() instanceof ConfigException)) {
                    // a store it cannot load, a JAAS configuration it cannot parse: asking again will not help, and
                    // waiting only ended in "Failed to create new NetworkClient", without the reason
                    throw e;
                }
                created = false;
                last = messageOf(e.getCause() != null ? e.getCause() : e);
            }
            try {
                clock.sleep(atMost(Duration.ofMillis(created ? 100 : 1000), deadline - clock.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
        return last;
    }

    private static Duration atMost(Duration wait, long remainingNanos) {
        return Duration.ofNanos(Math.max(Math.min(wait.toNanos(), remainingNanos), 0));
    }

    /** One question to the cluster, answered within {@code wait}: true when it lists a node. */
    interface Ask {
        boolean nodes(Duration wait) throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException;
    }

    /** The time the wait goes by: the system's, or a test's. */
    interface Clock {
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration pause) throws InterruptedException {
                Thread.sleep(pause.toMillis());
            }
        };

        long nanoTime();

        void sleep(Duration pause) throws InterruptedException;
    }

    private static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * Why no bootstrap address takes a TCP connection (the first one's reason: {@code host:port: Connection
     * refused}), or {@code null} when one does: the admin client's own timeout message says nothing of that. All
     * the addresses share one second: a list of hosts that drop the connection does not add a second each.
     */
    private static String unreachable(String bootstrapServers) {
        String first = null;
        long deadline = System.nanoTime() + 1_000_000_000L;
        for (String address : bootstrapServers.split(",")) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
            if (remainingMillis <= 0) {
                return first;
            }
            String hostPort = address.strip();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            try (Socket socket = new Socket()) {
                String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
                socket.connect(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))),
                        (int) remainingMillis);
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
     * Why a client in plain text must not connect to {@code bootstrapServers} (the first address whose answer is TLS,
     * or not Kafka), or {@code null} when none says so. All the addresses share one second: a silent one says nothing.
     */
    private static NotReady notPlainKafka(String bootstrapServers) {
        return firstSaid(bootstrapServers, (hostPort, answer) -> {
            String reason = switch (answer.speaks()) {
                case TLS -> hostPort + " answers in TLS, not in plain text";
                case CONTROLLER -> hostPort + " is a KRaft controller's listener, which serves no clients";
                case OTHER -> hostPort + " is not Kafka: it answered '" + answer.said() + "' to a Kafka request";
                default -> null;
            };
            if (reason == null) {
                return null;
            }
            NotReady.Mismatch mismatch = switch (answer.speaks()) {
                case TLS -> NotReady.Mismatch.TLS;
                case CONTROLLER -> NotReady.Mismatch.CONTROLLER;
                default -> NotReady.Mismatch.NOT_KAFKA;
            };
            return new NotReady("Kafka at " + bootstrapServers + " cannot be spoken to in plain text: " + reason,
                    reason, mismatch);
        });
    }

    /** The first address that answers Kafka in plain text, said so, for a TLS client that got no answer; else null. */
    private static String plainKafka(String bootstrapServers) {
        return firstSaid(bootstrapServers, (hostPort, answer) -> answer.speaks() == ListenerProbe.Speaks.KAFKA
                ? hostPort + " answers Kafka in plain text, not in TLS" : null);
    }

    /**
     * For a cluster that takes the connection and gives no node: a broker its first address names (its
     * {@code advertised.listeners}) that this machine cannot resolve or connect to, said so; else {@code null}. The
     * client learns the brokers' addresses from the bootstrap address and asks them everything else, so a broker
     * advertised as a name of another network ({@code kafka-0.kafka.svc}, a container's host name) left the wait
     * with "Timed out waiting for a node assignment" alone.
     */
    private static String unreachableBroker(String bootstrapServers) {
        String first = addresses(bootstrapServers).get(0);
        HostPort at = HostPort.of(first);
        if (at == null) {
            return null;
        }
        for (String broker : ListenerProbe.brokers(at.host(), at.port(), PROBE)) {
            String why = unreachable(broker);
            if (why != null) {
                return first + " answers, and names its broker " + broker + " (advertised.listeners), which cannot be "
                        + "reached from here: " + why.substring(broker.length() + 2);
            }
        }
        return null;
    }

    /**
     * The first address that takes the connection and closes it without a byte of answer, said so, or {@code null}:
     * a listener that turns this machine away (an IP filter, its connection limit), a port forward with nothing behind
     * it, something that is not Kafka. The client's own words were "Timed out waiting for a node assignment".
     */
    private static String closed(String bootstrapServers) {
        return firstSaid(bootstrapServers, (hostPort, answer) -> answer.speaks() == ListenerProbe.Speaks.CLOSED
                ? hostPort + " takes the connection and closes it without an answer (a listener that turns this "
                        + "machine away, a port forward with nothing behind it, or not Kafka)" : null);
    }

    /**
     * What {@code say} makes of the first address whose answer it has something to say about, or {@code null}. All
     * the addresses are asked within one {@link #PROBE} together: a silent one says nothing.
     */
    private static <T> T firstSaid(String bootstrapServers, BiFunction<String, ListenerProbe.Answer, T> say) {
        long deadline = System.nanoTime() + PROBE.toNanos();
        for (String hostPort : addresses(bootstrapServers)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            T said = say.apply(hostPort, ask(hostPort, Duration.ofNanos(left)));
            if (said != null) {
                return said;
            }
        }
        return null;
    }

    private static List<String> addresses(String bootstrapServers) {
        return Arrays.stream(bootstrapServers.split(",")).map(String::strip).toList();
    }

    private static ListenerProbe.Answer ask(String hostPort, Duration within) {
        HostPort at = HostPort.of(hostPort);
        return at == null ? new ListenerProbe.Answer(ListenerProbe.Speaks.UNKNOWN, "")
                : ListenerProbe.ask(at.host(), at.port(), within);
    }

    /** A bootstrap address's host (an IPv6 one without its brackets) and port. */
    private record HostPort(String host, int port) {

        /** {@code host:port} or {@code [v6]:port} read, or {@code null} when it has no port that is a number. */
        static HostPort of(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                return null;
            }
            try {
                return new HostPort(hostPort.substring(0, colon).replace("[", "").replace("]", ""),
                        Integer.parseInt(hostPort.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * The cluster did not answer in time, or refused the client's credentials ({@link #refused()}: asking
     * again will not help); {@link #reason()} is the last error seen, as the client said it.
     */
    public static final class NotReady extends IllegalStateException {

        /** What answered in place of Kafka's plain protocol. */
        public enum Mismatch {
            /** Kafka, or nothing to tell. */
            NONE,
            /** A TLS listener: the client needs {@code security.protocol=SSL} or {@code SASL_SSL}. */
            TLS,
            /** Something that is not Kafka (an HTTP or SSH server, ...). */
            NOT_KAFKA,
            /** A KRaft controller's listener ({@code controller.listener.names}), not a broker's. */
            CONTROLLER
        }

        private final String reason;
        private final boolean refused;
        private final Mismatch mismatch;

        NotReady(String message, String reason, boolean refused) {
            super(message);
            this.reason = reason;
            this.refused = refused;
            this.mismatch = Mismatch.NONE;
        }

        NotReady(String message, String reason, Mismatch mismatch) {
            super(message);
            this.reason = reason;
            this.refused = true;
            this.mismatch = mismatch;
        }

        /**
         * What an address answered a client in plain text, which was not made: it would have read the answer's first
         * bytes as the length of a response and died allocating them. {@link Mismatch#NONE} for any other failure.
         */
        public Mismatch mismatch() {
            return mismatch;
        }

        public String reason() {
            return reason;
        }

        /**
         * True when the cluster answered and refused the client (authentication or authorisation), or an address answered
         * in another protocol ({@link #mismatch()}): asking again will not help.
         */
        public boolean refused() {
            return refused;
        }
    }
}
