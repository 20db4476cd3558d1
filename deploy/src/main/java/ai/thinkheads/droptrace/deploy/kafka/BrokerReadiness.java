package ai.thinkheads.droptrace.deploy.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Waits until a Kafka cluster really answers: a metadata request lists a node. */
public final class BrokerReadiness {

    private BrokerReadiness() {
    }

    /**
     * Polls {@code describeCluster} with short timeouts until it lists a node. An open TCP port
     * alone is not enough: a starting broker accepts connections before it serves metadata.
     *
     * @throws IllegalStateException when the cluster did not answer within {@code timeout}
     */
    public static void await(String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        String last = "no answer";
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e.getCause() == null ? e.toString() : e.getCause().getMessage();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within "
                + timeout.toSeconds() + " s: " + last);
    }
}
