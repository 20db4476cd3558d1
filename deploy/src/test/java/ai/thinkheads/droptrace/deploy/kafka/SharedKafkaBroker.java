package ai.thinkheads.droptrace.deploy.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded broker per test JVM, shared by every integration test that asks for it.
 * Started on first use, stopped when the JVM exits. Tests stay independent by using their own
 * namespace or topics.
 *
 * <pre>{@code
 * @ExtendWith(SharedKafkaBroker.class)
 * class SomethingIT {
 *     String bootstrap = SharedKafkaBroker.bootstrapServers();
 * }
 * }</pre>
 */
public final class SharedKafkaBroker implements BeforeAllCallback {

    private static EmbeddedKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        bootstrapServers();
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-broker-stop"));
            broker = started;
        }
        return broker.bootstrapServers();
    }
}
