package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.SignalledExit;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.EmbeddedKafkaBroker;
import ai.thinkheads.droptrace.ingest.tail.FileEnd;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code droptrace up}: the long-running service of a Proxmox host, from one configuration file. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {
            "Runs everything a Proxmox host needs in one process until SIGTERM or Ctrl-C: Kafka (an embedded "
                    + "broker unless --bootstrap-servers or kafka.bootstrapServers), the publisher of the firewall "
                    + "configuration (a new ruleset version whenever the directory changes), the correlator with its "
                    + "query API, the log tail and syslog receivers, and the probe scheduler.",
            "",
            "Prints one line for each part as it starts and as it stops. Example: deploy/phoenix/droptrace-up.yaml."
        })
public final class UpCommand implements Callable<Integer> {

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** Called after each step of the start with the step's name: a seam for tests to ask for a stop at a given step. */
    static volatile BiConsumer<String, ShutdownSignal> afterStep = (step, signal) -> { };

    @Mixin
    private KafkaOptions common;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The service configuration (YAML).")
    private Path configFile;

    /**
     * Takes {@code --output} of the Kafka options away: up prints how its parts start and stop, as text (its query
     * API and topics give JSON), and an option a command ignores is a lie in its help.
     */
    @Spec
    void withoutOutput(CommandSpec spec) {
        OptionSpec output = spec.findOption("--output");
        if (output != null) {
            spec.remove(output);
        }
    }

    @Override
    public Integer call() throws Exception {
        UpConfig config;
        try {
            config = UpConfigLoader.load(configFile);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage(), e);
        }
        Path base = configFile.toAbsolutePath().getParent();
        UpSettings settings = UpSettings.of(config, base, common);
        StartOnlyFiles startOnly = new StartOnlyFiles(startOnlyFiles(config, base, settings));
        UpPreflight.stateDir(settings);
        // A stop with Kafka not answering takes its waits one after the other (probe runs 10 s, tails 10 s, log
        // publisher 15 s, correlator 30 s, publishers 10 s each): held up to 110 s, within the unit's
        // TimeoutStopSec=120, so the last lines, saying what was lost, are written before the JVM halts.
        try (KafkaDataLock data = KafkaDataLock.take(settings);
                TailLocks locks = TailLocks.take(settings);
                ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(110))) {
            UpPreflight.check(settings);
            Map<Path, FileEnd> tailEnds = UpIngest.endsNow(settings); // tail.fromEnd: from the end as it is now
            UpIngest ingest = null;
            RunningParts parts = new RunningParts(common.err());
            try (parts) {
                KafkaConnection.useClientSettings(common.err(), settings.kafkaConfig(), settings.bootstrapServers());
                String bootstrap = kafka(settings, parts, signal);
                if (bootstrap == null) {
                    common.err().println("droptrace up: stopped while waiting for Kafka.");
                    common.err().flush();
                    return ExitCodes.OK;
                }
                UpServices services = new UpServices(settings, bootstrap, parts);
                ingest = new UpIngest(settings, bootstrap, parts, signal, tailEnds);
                String stoppedAfter = start(settings, bootstrap, services, ingest, signal);
                if (stoppedAfter == null) {
                    watch(startOnly, settings.checkEvery(), parts);
                    parts.say("running on namespace " + settings.namespace() + "; SIGTERM or Ctrl-C stops it");
                    services.awaitStop(signal);
                    parts.say("stopping");
                } else {
                    parts.say("stopped while starting (a stop was asked for after " + stoppedAfter
                            + "); stopping what started");
                }
            }
            if (ingest != null && ingest.failure() != null) {
                throw new UserException(ExitCodes.FAILURE, ingest.failure());
            }
            // Said before the signal releases the shutdown hook: after SIGTERM the JVM halts right then.
            common.err().println(parts.clean() ? "droptrace up: stopped cleanly."
                    : "droptrace up: stopped, not cleanly: see the problems above.");
            common.err().flush();
            if (!parts.clean()) {
                SignalledExit.haltIfStopping(ExitCodes.FAILURE);
                return ExitCodes.FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Starts the parts one after the other; a stop asked for meanwhile (SIGTERM while Kafka Streams starts)
     * ends the start at the next step, naming the last step done; {@code null} when everything started.
     */
    private static String start(UpSettings settings, String bootstrap, UpServices services, UpIngest ingest,
            ShutdownSignal signal) {
        TopicAdmin.ensure(bootstrap, settings.partitions(), Duration.ofSeconds(60), settings.namespace(), Topics.all());
        if (stopAfter("the topics", signal)) {
            return "the topics";
        }
        services.startRulesets();
        if (stopAfter("the ruleset publisher", signal)) {
            return "the ruleset publisher";
        }
        services.startCorrelator(signal);
        if (stopAfter("the correlator", signal)) {
            return "the correlator";
        }
        ingest.start();
        if (stopAfter("the log lines", signal)) {
            return "the log lines";
        }
        services.startProbes();
        return stopAfter("the probes", signal) ? "the probes" : null;
    }

    private static boolean stopAfter(String step, ShutdownSignal signal) {
        afterStep.accept(step, signal);
        return signal.stopRequested();
    }

    /** The files up reads only at its start: the configuration, the probe configuration, the Kafka client settings. */
    private List<Path> startOnlyFiles(UpConfig config, Path base, UpSettings settings) {
        List<Path> files = new ArrayList<>();
        files.add(configFile.toAbsolutePath());
        if (config.probes() != null) {
            files.add(base.resolve(config.probes().config()));
        }
        if (settings.kafkaConfig() != null) {
            files.add(settings.kafkaConfig().toAbsolutePath());
        }
        return files;
    }

    /**
     * Looks at the files read only at the start every {@code checkEvery}, as the firewall configuration is looked
     * at, and says a change to one once: it is not applied until up starts again.
     */
    private static void watch(StartOnlyFiles files, Duration every, RunningParts parts) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "up-config-files");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> files.changes().forEach(line -> parts.say("configuration: " + line)),
                every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        parts.started("configuration", timer::shutdownNow, files.files().stream().map(Path::toString)
                .collect(Collectors.joining(", ")) + ": read at the start only; a change to them is said, not "
                + "applied (restart up to apply it; the firewall configuration is read again every " + every.toSeconds()
                + " s)");
    }

    /** The bootstrap servers, once they answer; {@code null} when a stop came first. */
    private static String kafka(UpSettings settings, RunningParts parts, ShutdownSignal signal) {
        if (settings.bootstrapServers() != null) {
            // a node that boots before its Kafka: waited for, saying so, as ingest tail and listen do
            if (!KafkaConnection.awaitReachable(settings.bootstrapServers(), signal, parts::say,
                    "nothing starts until it answers; check kafka.bootstrapServers or --bootstrap-servers if it never does")) {
                return null;
            }
            parts.say("kafka: using " + settings.bootstrapServers());
            return settings.bootstrapServers();
        }
        Path data = settings.stateDir().resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(data).port(settings.kafkaPort()).start();
        parts.started("kafka", broker, "embedded broker at " + broker.bootstrapServers() + " (data in " + data + ")");
        return broker.bootstrapServers();
    }

    /** {@code --namespace} when given; otherwise the file's {@code namespace} (a bad one is the file's error), or live. */
    static Namespace namespaceOf(UpConfig config, KafkaOptions common) {
        if (common.namespaceGiven()) {
            return common.namespace();
        }
        try {
            return config.namespace() == null ? Namespace.LIVE : Namespace.of(config.namespace());
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: namespace: " + e.getMessage(), e);
        }
    }
}
