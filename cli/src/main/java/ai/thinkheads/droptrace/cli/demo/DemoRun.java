package ai.thinkheads.droptrace.cli.demo;

import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pve.PveFirewallLineParser;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.LogReplayer;
import ai.thinkheads.droptrace.streams.pairs.PairCountTopology;
import ai.thinkheads.droptrace.streams.pairs.PairDropsReader;
import ai.thinkheads.droptrace.streams.runner.StreamsRunner;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The demo's end-to-end slice on real Kafka: replay the bundled Phoenix sample through the ingest
 * path, run the pair-count topology over it, and read the pairs back from its store.
 */
final class DemoRun {

    static final String SAMPLE = "phoenix-pve-firewall.log";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What the demo found. */
    record Report(Namespace namespace, String eventsTopic, String deadLetterTopic, IngestCounts counts,
            List<PairDropsReader.PairRow> pairs) {
    }

    private DemoRun() {
    }

    static Report run(String bootstrapServers, Namespace namespace, Path workDir) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicAdmin(admin, 3, (short) 1, TIMEOUT).ensure(namespace, Topics.all());
        }
        IngestCounts counts;
        try (EventPublisher publisher = new EventPublisher(bootstrapServers, namespace, Map.of());
                BufferedReader sample = openSample()) {
            counts = new LogReplayer(new PveFirewallLineParser(), publisher, Clock.systemUTC())
                    .replay(sample, "demo:" + SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled sample " + SAMPLE, e);
        }
        StreamsSettings settings = new StreamsSettings(bootstrapServers, "droptrace-" + namespace + "-demo-pairs",
                workDir.resolve("streams"), Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100));
        String eventsTopic = Topics.FIREWALL_EVENTS.name(namespace);
        try (StreamsRunner runner = new StreamsRunner(PairCountTopology.build(namespace), settings)) {
            runner.start(TIMEOUT);
            runner.awaitCaughtUp(List.of(eventsTopic), TIMEOUT);
            return new Report(namespace, eventsTopic, Topics.UNPARSED.name(namespace), counts,
                    PairDropsReader.all(runner));
        }
    }

    private static BufferedReader openSample() {
        InputStream in = DemoRun.class.getResourceAsStream(SAMPLE);
        if (in == null) {
            throw new IllegalStateException("the bundled sample " + SAMPLE + " is missing from the build");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
