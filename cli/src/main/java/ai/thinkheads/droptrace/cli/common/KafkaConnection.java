package ai.thinkheads.droptrace.cli.common;

import ai.thinkheads.droptrace.deploy.kafka.BrokerReadiness;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * The Kafka a command talks to: the cluster named by {@code --bootstrap-servers}, checked to
 * answer, or else an embedded single-node broker in a temporary directory, stopped on close.
 */
public final class KafkaConnection implements AutoCloseable {

    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;
    private final EmbeddedKafkaBroker embedded;

    private KafkaConnection(String bootstrapServers, EmbeddedKafkaBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    public static KafkaConnection open(KafkaOptions options) {
        PrintWriter err = options.err();
        if (options.bootstrapServers() != null) {
            try {
                BrokerReadiness.await(options.bootstrapServers(), REACH_TIMEOUT);
            } catch (IllegalStateException e) {
                throw new UserException(ExitCodes.KAFKA_UNAVAILABLE, "cannot reach Kafka at "
                        + options.bootstrapServers() + " within " + REACH_TIMEOUT.toSeconds()
                        + " s; check --bootstrap-servers, or leave it out to use the embedded broker", e);
            }
            return new KafkaConnection(options.bootstrapServers(), null);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary();
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
