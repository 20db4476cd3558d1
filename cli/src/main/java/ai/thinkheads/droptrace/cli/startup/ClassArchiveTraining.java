package ai.thinkheads.droptrace.cli.startup;

import ai.thinkheads.droptrace.cli.DroptraceCommand;
import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The training run behind {@code bin/droptrace}'s class archive (AppCDS): the launcher runs this
 * once per build and Java, with {@code -XX:ArchiveClassesAtExit}, and every later start maps the
 * classes loaded here from the archive instead of reading and verifying them from the jars (a
 * one-line replay starts in ~0.6 s instead of ~0.9 s).
 *
 * <p>It goes through what most commands load without needing a broker: every command's options
 * and help, {@code parse} of the bundled demo log (reading, parsing, JSON), and Kafka's producer
 * and admin clients pointed at a loopback port that nothing listens on (they are closed at once;
 * no packet leaves the machine). Its output is discarded by the launcher; a failure only means no
 * archive, and droptrace starts as it would without one.
 */
public final class ClassArchiveTraining {

    private static final String DEMO_LOG = "/ai/thinkheads/droptrace/cli/demo/phoenix-pve-firewall.log";

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        BulkStdout.useProcessStdout();
        DroptraceCommand.commandLine("--help").execute("--help");
        Path log = Files.createTempFile("droptrace-training-", ".log");
        try {
            try (InputStream in = ClassArchiveTraining.class.getResourceAsStream(DEMO_LOG)) {
                if (in == null) {
                    throw new IOException("the demo log is not in the jar: " + DEMO_LOG);
                }
                Files.write(log, in.readAllBytes());
            }
            String[] parse = {"parse", log.toString()};
            DroptraceCommand.commandLine(parse).execute(parse);
            String[] replayHelp = {"replay", "--help"};
            DroptraceCommand.commandLine(replayHelp).execute(replayHelp);
            kafkaClients();
        } finally {
            Files.deleteIfExists(log);
        }
        System.exit(0);
    }

    /** Kafka's producer and admin client, built and closed against a loopback port nothing listens on. */
    private static void kafkaClients() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String bootstrap = InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
        // Built is all that is needed: closed at once, nothing sent.
        new EventPublisher(bootstrap, Namespace.of("training"), Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 100)).close();
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 100, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 100))
                .close(Duration.ofMillis(100));
    }
}
