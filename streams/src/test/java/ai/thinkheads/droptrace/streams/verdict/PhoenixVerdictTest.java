package ai.thinkheads.droptrace.streams.verdict;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.streams.correlate.CorrelationDriver;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;

/**
 * The verdict tests' common ground: a topology driver with a 10 s window and a 20 s grace, and the addresses of
 * the example Phoenix configuration ({@link PhoenixRulesets}): Nginx, Traefik and Portainer.
 */
abstract class PhoenixVerdictTest {

    static final Instant T = Instant.parse("2025-11-20T14:00:00Z");
    static final Duration WINDOW = Duration.ofSeconds(10);
    static final Duration GRACE = Duration.ofSeconds(20);
    static final String GW = "10.0.0.153";
    static final String MESH = "10.0.0.12";
    static final String PORTAINER = "10.0.0.111";

    final CorrelationDriver driver = new CorrelationDriver(CorrelationSettings.defaults(Namespace.of("test"))
            .withVerdicts(new VerdictSettings(WINDOW, GRACE)));

    @AfterEach
    void stop() {
        driver.close();
    }
}
