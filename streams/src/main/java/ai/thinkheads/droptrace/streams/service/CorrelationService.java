package ai.thinkheads.droptrace.streams.service;

import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.query.QueryServer;
import ai.thinkheads.droptrace.streams.query.QueryService;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running correlator: the correlation topology on Kafka Streams plus this instance's query
 * API. The API binds first, so its port is this instance's {@code application.server}; then Kafka
 * Streams starts. Closing stops Streams (committing its work), then the API.
 */
public final class CorrelationService implements AutoCloseable {

    /** How long Kafka may not answer before it is said, as the followers of a topic say it. */
    static final Duration KAFKA_QUIET = Duration.ofSeconds(30);
    private static final Logger LOGGER = LoggerFactory.getLogger(CorrelationService.class);

    private final QueryServer api;
    private final StreamsRunner runner;
    private final HostInfo self;
    private final KafkaWatch watch;

    /** Whether {@link #close()} ran: a second close would wait for Kafka Streams once more. */
    private boolean closed;

    CorrelationService(QueryServer api, StreamsRunner runner, HostInfo self) {
        this(api, runner, self, null);
    }

    private CorrelationService(QueryServer api, StreamsRunner runner, HostInfo self, KafkaWatch watch) {
        this.api = api;
        this.runner = runner;
        this.self = self;
        this.watch = watch;
    }

    /**
     * Where the API listens and the host name other instances reach it by ({@code 127.0.0.1} by
     * default; required when binding a wildcard address).
     */
    public record ApiSettings(InetSocketAddress bind, String advertisedHost) {

        /** A host name or an IPv4 address. */
        private static final Pattern HOST_NAME = Pattern.compile("[0-9A-Za-z._-]+");
        /** An IPv6 address (two colons at least: {@code host:port} is not one), with a zone perhaps. */
        private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f.:]*:[0-9A-Fa-f.]*(%[0-9A-Za-z._-]+)?");

        public ApiSettings {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(advertisedHost, "advertisedHost");
            if (advertisedHost.isBlank()) {
                throw new IllegalArgumentException("the advertised API host must not be blank");
            }
        }

        /**
         * The settings as a user wrote them, checked: the port 0-65535, the address known, and an
         * advertised host when the address is a wildcard. Errors are {@link IllegalArgumentException}s
         * naming the settings as they were spelled where they were written ({@code --api-port},
         * {@code correlator.apiPort}).
         *
         * @param advertise {@code null} to advertise the address itself
         * @param names how the address, port and advertised-host settings are spelled, in that order
         */
        public static ApiSettings of(String address, int port, String advertise, String... names) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(names[1] + " must be 0-65535, was " + port);
            }
            InetSocketAddress bind = new InetSocketAddress(address, port);
            if (bind.isUnresolved()) {
                throw new IllegalArgumentException(names[0] + " '" + address + "' is not a known address");
            }
            if (bind.getAddress().isAnyLocalAddress() && advertise == null) {
                throw new IllegalArgumentException(names[0] + " " + address + " listens on every interface; give "
                        + names[2] + ", the name other instances reach it by");
            }
            if (advertise != null && !HOST_NAME.matcher(advertise).matches() && !IPV6.matcher(advertise).matches()) {
                // Kafka Streams would refuse it as application.server (host:port) only once started
                throw new IllegalArgumentException(names[2] + " '" + advertise + "' is not a host name or address "
                        + "(the name other instances reach this API by, without a scheme or port)");
            }
            return new ApiSettings(bind, advertise != null ? advertise : address);
        }

        /**
         * A warning when the API listens where other machines reach it (a wildcard or a non-loopback address): it has
         * no authentication and no TLS, and answers every pair's log lines, alerts and probe results to whoever reaches
         * the port. Empty on a loopback address, the default. A non-loopback bind was said as the API's URL alone.
         */
        public Optional<String> exposure() {
            InetAddress address = bind.getAddress();
            if (address.isLoopbackAddress()) {
                return Optional.empty();
            }
            String where = address.isAnyLocalAddress()
                    ? "every interface (" + (address instanceof Inet6Address ? "::" : "0.0.0.0") + ")"
                    : address.getHostAddress() + ", which other machines may reach,";
            return Optional.of("the query API listens on " + where + " without authentication or TLS: whoever "
                    + "reaches its port reads every pair's log lines, alerts and probe results; "
                    + "let only the other correlator instances reach that port (the host's firewall), and people through "
                    + "a reverse proxy with TLS and authentication (docs/correlator.md, Query API)");
        }

        public static ApiSettings loopback(int port) {
            return new ApiSettings(new InetSocketAddress("127.0.0.1", port), "127.0.0.1");
        }
    }

    /** Binds the API, starts Kafka Streams and waits until it is running. */
    public static CorrelationService start(CorrelationSettings correlation, StreamsSettings streams, ApiSettings apiSettings,
            Duration startTimeout) {
        try (ShutdownSignal never = ShutdownSignal.manual()) {
            return start(correlation, streams, apiSettings, startTimeout, never);
        }
    }

    /**
     * Binds the API, starts Kafka Streams and waits until it is running or {@code signal} asks to stop (then the
     * service is returned not running yet, for the caller to close).
     */
    public static CorrelationService start(CorrelationSettings correlation, StreamsSettings streams, ApiSettings apiSettings,
            Duration startTimeout, ShutdownSignal signal) {
        return start(correlation, streams, apiSettings, startTimeout, signal,
                notice -> LOGGER.atWarn().log(notice));
    }

    /**
     * As {@link #start(CorrelationSettings, StreamsSettings, ApiSettings, Duration, ShutdownSignal)}; {@code notices}
     * gets one line when Kafka has not answered for {@link #KAFKA_QUIET} while the service runs, and one when it
     * answers again. A stream thread that fails meanwhile (or within {@link KafkaWatch#OUTAGE_AFTERMATH} after) is
     * replaced, so an outage does not end the service.
     */
    public static CorrelationService start(CorrelationSettings correlation, StreamsSettings streams, ApiSettings apiSettings,
            Duration startTimeout, ShutdownSignal signal, Consumer<String> notices) {
        return start(correlation, streams, apiSettings, startTimeout, signal, notices, KAFKA_QUIET);
    }

    static CorrelationService start(CorrelationSettings correlation, StreamsSettings streams, ApiSettings apiSettings,
            Duration startTimeout, ShutdownSignal signal, Consumer<String> notices, Duration kafkaQuiet) {
        QueryServer api = QueryServer.bind(apiSettings.bind(), Clock.systemUTC());
        StreamsRunner runner = null;
        KafkaWatch watch = null;
        try {
            HostInfo self = new HostInfo(apiSettings.advertisedHost(), api.address().getPort());
            runner = new StreamsRunner(CorrelationTopology.build(correlation), streams.withApplicationServer(self));
            watch = KafkaWatch.start(streams.bootstrapServers(), kafkaQuiet, notices);
            runner.replaceFailedThreadsWhen(watch::awayLately);
            api.serve(new QueryService(runner.streams(), self, correlation, watch::health));
            runner.start(startTimeout, signal);
            return new CorrelationService(api, runner, self, watch);
        } catch (RuntimeException e) {
            if (runner != null) {
                runner.close();
            }
            if (watch != null) {
                watch.close();
            }
            api.close();
            throw e;
        }
    }

    /** The base URI of this instance's API, as other instances reach it. */
    public URI apiUri() {
        return URI.create("http://" + (self.host().contains(":") ? "[" + self.host() + "]" : self.host()) + ":"
                + self.port());
    }

    public StreamsRunner runner() {
        return runner;
    }

    /** Blocks until {@code signal} asks to stop; throws when Kafka Streams stops by itself. */
    public void awaitStop(ShutdownSignal signal) {
        runner.awaitStop(signal);
    }

    /**
     * Stops Kafka Streams (committing its work), then the API.
     *
     * @throws NotStoppedException when Kafka Streams did not stop within {@link StreamsRunner#CLOSE_TIMEOUT} (a
     *     Kafka that does not answer its commit): the stop was not clean, the API is closed all the same
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean stopped;
        try {
            stopped = runner.stop();
        } finally {
            if (watch != null) {
                watch.close();
            }
            api.close();
        }
        if (!stopped) {
            throw new NotStoppedException("Kafka Streams did not stop within " + StreamsRunner.CLOSE_TIMEOUT.toSeconds()
                    + " s (does Kafka at " + runner.bootstrapServers() + " answer?): what it read since its last "
                    + "commit is read again at the next start");
        }
    }
}
