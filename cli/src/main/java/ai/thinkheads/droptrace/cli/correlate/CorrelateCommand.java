package ai.thinkheads.droptrace.cli.correlate;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.cli.common.PortOption;
import ai.thinkheads.droptrace.cli.common.RangeOption;
import ai.thinkheads.droptrace.cli.common.SignalledExit;
import ai.thinkheads.droptrace.cli.common.StateDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.ListenCommand;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.correlate.CorrelationTopology;
import ai.thinkheads.droptrace.streams.ruleset.RulesetNotices;
import ai.thinkheads.droptrace.streams.ruleset.RulesetStore;
import ai.thinkheads.droptrace.streams.runner.ProcessingGuarantee;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.service.CorrelationService;
import ai.thinkheads.droptrace.streams.service.NotStoppedException;
import ai.thinkheads.droptrace.streams.verdict.VerdictSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace correlate}: the correlator and its query API, until SIGTERM or Ctrl-C. */
@Command(name = "correlate", mixinStandardHelpOptions = true,
        description = {
            "Runs the correlator on Kafka Streams until SIGTERM or Ctrl-C: per-pair state from firewall-events, "
                    + "real-time alerts to the alerts topic, a verdict on every failed probe to the verdicts topic "
                    + "(with the ruleset published by 'rules publish'), and a JSON query API over the state.",
            "",
            "Several instances with the same --application-id share the work; each serves the API and routes a "
                    + "query for a pair it does not own to the instance that does. Give each its own --api-port "
                    + "(and --state-dir when using port 0)."
        })
public final class CorrelateCommand implements Callable<Integer> {

    static final int DEFAULT_API_PORT = 7340;
    /** The correlator's repartition and changelog topics, which Kafka Streams creates in one request. */
    public static final int CORRELATOR_TOPICS = 12;
    /**
     * Kafka's controller refuses a request creating more than 10000 partitions; the correlator's internal topics,
     * as many partitions as the topics it reads (7, also created in one request), go in one.
     */
    public static final int MAX_PARTITIONS = 10_000 / Math.max(CORRELATOR_TOPICS, Topics.all().size());
    private static final Logger LOGGER = LoggerFactory.getLogger(CorrelateCommand.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** How often the rulesets store is looked at for a new version to say (the verdicts look at every decision). */
    private static final long RULESET_CHECK_MILLIS = 2_000;

    @Mixin
    private KafkaOptions common;

    @Option(names = "--api-address", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the query API listens on. Default: ${DEFAULT-VALUE}.")
    private String apiAddress;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_API_PORT,
            description = "Port of the query API; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int apiPort;

    @Option(names = "--api-advertise", paramLabel = "HOST",
            description = "Host name other instances reach this API by. Default: the --api-address; required when "
                    + "that is a wildcard address.")
    private String apiAdvertise;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id shared by all instances. Default: droptrace-<namespace>-correlate.")
    private String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Local state of this instance. Default: $XDG_STATE_HOME/droptrace/streams/<application-id>-<api-port>.")
    private Path stateDir;

    @Option(names = "--must-work", paramLabel = "SRC,DST,PROTO,PORT",
            description = "A flow that must work: any drop on it is a critical alert. Repeatable.",
            converter = FlowConverter.class)
    private List<FlowKey> mustWork = List.of();

    @Option(names = "--probe-config", paramLabel = "FILE",
            description = "A probe configuration (as for 'probe run'): the flows its probes check must work, so a drop "
                    + "on one is a critical alert.")
    private Path probeConfig;
    /** The probes of --probe-config whose path is no must-work flow, said at the start; {@code null} for none. */
    private String unwatched;

    @Option(names = "--verdict-window", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "A drop or reject logged this long before or after a failed probe explains it. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration verdictWindow;

    @Option(names = "--verdict-grace", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long an unexplained failure waits for late log lines before it is decided. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration verdictGrace;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How late an event may come and still count in its time buckets. Default: ${DEFAULT-VALUE}.")
    private Duration grace;

    @Option(names = "--cooldown", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "Event time during which a pair raises no second alert of the same kind. Default: ${DEFAULT-VALUE}.")
    private Duration cooldown;

    @Option(names = "--guarantee", paramLabel = "GUARANTEE", defaultValue = "exactly_once_v2",
            converter = GuaranteeConverter.class,
            description = "Processing guarantee: exactly_once_v2 or at_least_once. Default: ${DEFAULT-VALUE}.")
    private ProcessingGuarantee guarantee;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of topics this command creates when missing, 1-833. Default: 3 in the live "
                    + "namespace, 1 in any other (replayed history: on more, the correlator reads it out of time order "
                    + "and counts many lines only as late).")
    private Integer partitions;

    @Option(names = "--input-wait", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a Streams task waits for an input that has nothing yet before it processes the "
                    + "others (Kafka Streams' max.task.idle.ms). Re-analysing a replayed namespace, whose log lines and "
                    + "probe results are all in Kafka already, needs a wait so both are read in event-time order; live "
                    + "input arrives as it happens and does not. Default: 0 (never wait) in the live namespace, 500ms "
                    + "in any other.")
    private Duration inputWait;

    @Override
    public Integer call() {
        Namespace namespace = common.namespace();
        CorrelationSettings settings = settings(namespace);
        String appId = applicationId != null ? applicationId : "droptrace-" + namespace + "-correlate";
        CorrelationService.ApiSettings api = apiSettings();
        checkBeforeKafka(appId, api.bind(), settings);
        Path dir = StateDirectory.create(stateDir != null ? stateDir : defaultStateDir(appId),
                "the correlator's state (--state-dir)");
        checkNotInUse(dir, appId);
        try (ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(60))) {
            String unclean;
            try (KafkaConnection kafka = KafkaConnection.open(common)) {
                createTopics(kafka.bootstrapServers(), namespace);
                StreamsSettings streams = new StreamsSettings(kafka.bootstrapServers(), appId, dir, guarantee, null, 0,
                        Map.of(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, maxTaskIdleMs(namespace)));
                CorrelationService service = start(settings, streams, api, signal, this::notice);
                try (service) {
                    if (!signal.stopRequested()) { // a stop while Kafka Streams was starting: it closes at once
                        announce(service, namespace, appId, kafka.bootstrapServers());
                        api.exposure().ifPresent(warning -> notice("warning: " + warning));
                        ScheduledExecutorService rulesets = sayRulesets(service, namespace);
                        try {
                            service.awaitStop(signal);
                        } finally {
                            rulesets.shutdownNow();
                        }
                    }
                }
                unclean = null;
            } catch (NotStoppedException e) {
                unclean = e.getMessage();
            }
            // Said before the signal releases the shutdown hook: after SIGTERM the JVM halts right then.
            common.err().println(unclean == null ? "droptrace correlate: stopped cleanly."
                    : "droptrace correlate: stopped, not cleanly: " + unclean + ".");
            common.err().flush();
            if (unclean != null) {
                SignalledExit.haltIfStopping(ExitCodes.FAILURE);
                return ExitCodes.FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    /**
     * What would fail only after Kafka is up (an embedded broker started, the topics made): the options Kafka Streams
     * and the topic admin refuse are usage errors now, and a query API port another process holds one line now.
     */
    private void checkBeforeKafka(String appId, InetSocketAddress bind, CorrelationSettings settings) {
        if (partitions != null) {
            RangeOption.check("--partitions", partitions, 1, MAX_PARTITIONS, "partitions of the topics it creates: "
                    + "Kafka creates at most 10000 in one request, and Kafka Streams the correlator's " + CORRELATOR_TOPICS
                    + " internal topics, as many partitions each, in one");
        }
        try {
            StreamsSettings.checkApplicationId(appId, CorrelationTopology.build(settings));
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "--application-id: " + e.getMessage());
        }
        // an address of another machine was "cannot listen on ...: Cannot assign requested address", exit 1 as for a
        // port taken; it is a usage error, as ingest listen --bind and up's syslog.bind say it
        ListenCommand.bindAddress("--api-address", bind.getAddress().getHostAddress());
        if (bind.getPort() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(bind.getPort(), 1, bind.getAddress())) {
            // free now: the query API opens it for good once it starts
        } catch (BindException e) {
            throw new UserException(ExitCodes.FAILURE, "cannot listen on "
                    + PortOption.url("http", bind.getAddress().getHostAddress(), bind.getPort()) + " for the query API: "
                    + e.getMessage() + "; pick another --api-port or --api-address", e);
        } catch (IOException e) {
            // not a port taken: opening it for good says what is wrong
        }
    }

    /**
     * Fails in one line when a running correlator of {@code appId} holds the state directory {@code dir}: Kafka Streams
     * locks {@code <dir>/<appId>/.lock} while it runs, and a second instance given the same {@code --state-dir} was a
     * Kafka Streams ERROR and "unexpected failure: Unable to initialize state ...", exit 1, after Kafka was asked (an
     * embedded broker started). A directory without the lock file was never used by a running instance.
     */
    private static void checkNotInUse(Path dir, String appId) {
        Path lock = dir.resolve(appId).resolve(".lock");
        if (!Files.isRegularFile(lock)) {
            return;
        }
        boolean held;
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock free = channel.tryLock()) {
            held = free == null;
        } catch (OverlappingFileLockException e) {
            held = true; // held by this JVM
        } catch (IOException e) {
            return; // not a lock held: Kafka Streams says what is wrong with the directory
        }
        if (held) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "the state directory " + dir + " is in use by another "
                    + "running correlator of application " + appId + "; give each instance its own --state-dir");
        }
    }

    /** -1 (never wait) live, 500 ms in a replay namespace, unless {@code --input-wait} says otherwise. */
    private long maxTaskIdleMs(Namespace namespace) {
        if (inputWait == null) {
            return Namespace.LIVE.equals(namespace) ? -1L : 500L;
        }
        return inputWait.isZero() ? -1L : inputWait.toMillis();
    }

    private static CorrelationService start(CorrelationSettings settings, StreamsSettings streams,
            CorrelationService.ApiSettings api, ShutdownSignal signal, Consumer<String> notices) {
        try {
            return CorrelationService.start(settings, streams, api, START_TIMEOUT, signal, notices);
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCodes.FAILURE, e.getMessage() + "; pick another --api-port or --api-address", e);
        }
    }

    private CorrelationSettings settings(Namespace namespace) {
        try {
            Set<FlowKey> flows = new LinkedHashSet<>(mustWork);
            if (probeConfig != null) {
                ProbePlan plan = PlanFiles.load(probeConfig);
                flows.addAll(MustWorkFlows.of(plan));
                unwatched = MustWorkFlows.unwatchedNote(plan).orElse(null);
            }
            CorrelationSettings defaults = CorrelationSettings.defaults(namespace);
            try {
                defaults = defaults.withGrace(grace);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--grace " + e.getMessage(), e);
            }
            return defaults
                    .withAlerts(AlertPolicy.defaults().withMustWork(flows).withCooldown(cooldown))
                    .withVerdicts(VerdictSettings.of(verdictWindow, verdictGrace, "--verdict-window", "--verdict-grace"));
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private CorrelationService.ApiSettings apiSettings() {
        try {
            return CorrelationService.ApiSettings.of(apiAddress, apiPort, apiAdvertise,
                    "--api-address", "--api-port", "--api-advertise HOST");
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }

    private void createTopics(String bootstrap, Namespace namespace) {
        TopicAdmin.ensure(bootstrap, partitions != null ? partitions : TopicAdmin.partitionsFor(namespace),
                Duration.ofSeconds(30), namespace, Topics.all());
        if (partitions != null || Namespace.LIVE.equals(namespace)) {
            return;
        }
        // A namespace an earlier version replayed into has three: its counts are wrong without another word than late
        String events = Topics.FIREWALL_EVENTS.name(namespace);
        int made = TopicAdmin.partitionsOf(bootstrap, events, Duration.ofSeconds(30));
        if (made > 1) {
            common.err().println("droptrace correlate: warning: " + events + " has " + made + " partitions: history "
                    + "replayed into it reaches the correlator out of event-time order, and its lines after their "
                    + "bucket's grace count only as late, in no query's range; replay it again into a new namespace "
                    + "(made with one partition)");
            common.err().flush();
        }
    }

    private Path defaultStateDir(String appId) {
        return StateDirectory.root().resolve("streams").resolve(appId + "-" + apiPort);
    }

    /**
     * Says the ruleset the correlator decides by as it starts (or that none is published), then each new version it
     * takes up without a restart: before, only a log line at -v said so, and a correlator without any ruleset said
     * nothing while every verdict came out without one.
     */
    private ScheduledExecutorService sayRulesets(CorrelationService service, Namespace namespace) {
        RulesetNotices notices = new RulesetNotices(Topics.RULESETS.name(namespace));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ruleset-notices");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                notices.check(service.runner().streams().store(StoreQueryParameters.fromNameAndType(RulesetStore.NAME,
                        QueryableStoreTypes.<String, byte[]>keyValueStore()))).ifPresent(this::notice);
            } catch (RuntimeException e) { // the store is not queryable while Kafka Streams rebalances: next time
                LOGGER.atDebug().addKeyValue("error", e.getMessage()).log("cannot read the rulesets store");
            }
        }, 0, RULESET_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return timer;
    }

    /** A line of the running service's (Kafka not answering, and answering again). */
    private void notice(String line) {
        common.err().println("droptrace correlate: " + line);
        common.err().flush();
    }

    private void announce(CorrelationService service, Namespace namespace, String appId, String bootstrap) {
        common.err().printf("droptrace correlate: running on namespace %s; query API at %s; application id %s; "
                + "Kafka at %s; Ctrl-C or SIGTERM stops it.%n", namespace, service.apiUri(), appId, bootstrap);
        if (unwatched != null) {
            common.err().println("droptrace correlate: note: " + unwatched);
        }
        common.err().flush();
        if (common.json()) {
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("event", "started");
            started.put("namespace", namespace.name());
            started.put("api", service.apiUri().toString());
            started.put("applicationId", appId);
            started.put("bootstrapServers", bootstrap);
            JsonOutput.line(common.out(), started);
        }
    }
}
