package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.cli.common.StateDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.correlate.FlowConverter;
import ai.thinkheads.droptrace.cli.correlate.MustWorkFlows;
import ai.thinkheads.droptrace.cli.ingest.TailCommand;
import ai.thinkheads.droptrace.core.firewall.config.ReadOptions;
import ai.thinkheads.droptrace.core.firewall.source.ConfigSource;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.json.MappingErrors;
import ai.thinkheads.droptrace.core.phoenix.Generator;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.streams.correlate.AlertPolicy;
import ai.thinkheads.droptrace.streams.correlate.CorrelationSettings;
import ai.thinkheads.droptrace.streams.runner.ProcessingGuarantee;
import ai.thinkheads.droptrace.streams.service.CorrelationService;
import ai.thinkheads.droptrace.streams.verdict.VerdictSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.TypeConversionException;

/** An {@link UpConfig} with its defaults filled in, its paths resolved and its parts checked. */
record UpSettings(Namespace namespace, Path stateDir, String bootstrapServers, Path kafkaConfig, int kafkaPort,
        int partitions,
        List<Path> tailFiles, Duration tailPoll, boolean tailFromEnd, UpConfig.Syslog syslog,
        ConfigSource firewall, ReadOptions readOptions, Duration checkEvery, ProbePlan plan, Integer probeConcurrency,
        CorrelationSettings correlation, ProcessingGuarantee guarantee, CorrelationService.ApiSettings api,
        Duration statsEvery) {

    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_API_PORT = 7340;

    static UpSettings of(UpConfig c, Path base, KafkaOptions common) {
        try {
            Namespace namespace = UpCommand.namespaceOf(c, common);
            Path stateDir = c.stateDir() != null ? base.resolve(c.stateDir()) : StateDirectory.root();
            String bootstrap = common.bootstrapServers() != null ? common.bootstrapServers() : c.kafka().bootstrapServers();
            UpConfig.Firewall fw = c.firewall();
            ConfigSource source = fw.phoenixEtc() != null
                    ? new ConfigSource.PhoenixEtc(base.resolve(fw.phoenixEtc()), fw.generator() == null ? Generator.NEW
                            : oneOf(Generator.class, "firewall.generator", fw.generator()))
                    : new ConfigSource.ProxmoxDirectory(base.resolve(fw.configDir() != null ? fw.configDir() : "/etc/pve"));
            ReadOptions read = new ReadOptions(fw.node(), null, fw.hostAddresses(), fw.localNetwork(), null);
            ProbePlan plan = c.probes() == null ? null : PlanFiles.load(base.resolve(c.probes().config()));
            UpConfig.Correlator k = c.correlator();
            Set<FlowKey> mustWork = new LinkedHashSet<>(plan == null ? Set.of() : MustWorkFlows.of(plan));
            FlowConverter flows = new FlowConverter();
            for (String flow : k.mustWork()) {
                try {
                    mustWork.add(flows.convert(flow));
                } catch (TypeConversionException e) {
                    throw new IllegalArgumentException("correlator.mustWork: " + e.getMessage(), e);
                }
            }
            VerdictSettings verdicts = VerdictSettings.of(
                    orElse(k.verdictWindow(), VerdictSettings.DEFAULT_WINDOW),
                    orElse(k.verdictGrace(), VerdictSettings.DEFAULT_GRACE),
                    "correlator.verdictWindow", "correlator.verdictGrace");
            CorrelationSettings correlation = grace(CorrelationSettings.defaults(namespace),
                    orElse(k.grace(), CorrelationSettings.DEFAULT_GRACE))
                    .withAlerts(AlertPolicy.defaults().withMustWork(mustWork)
                            .withCooldown(orElse(k.cooldown(), AlertPolicy.DEFAULT_COOLDOWN)))
                    .withVerdicts(verdicts);
            ProcessingGuarantee guarantee = k.guarantee() == null ? ProcessingGuarantee.EXACTLY_ONCE_V2
                    : oneOf(ProcessingGuarantee.class, "correlator.guarantee", k.guarantee());
            CorrelationService.ApiSettings api = CorrelationService.ApiSettings.of(
                    k.apiAddress() != null ? k.apiAddress() : "127.0.0.1",
                    k.apiPort() != null ? k.apiPort() : DEFAULT_API_PORT, k.apiAdvertise(),
                    "correlator.apiAddress", "correlator.apiPort", "correlator.apiAdvertise");
            List<Path> tail = c.tail() == null ? List.of() : tailFiles(c.tail().files(), base,
                    warning -> common.err().println("droptrace up: warning: tail.files: " + warning));
            Path kafkaConfig = common.kafkaConfig() != null ? common.kafkaConfig()
                    : c.kafka().config() != null ? base.resolve(c.kafka().config()) : null;
            if (common.kafkaConfig() == null && kafkaConfig != null && bootstrap == null) {
                // the file's key, said in the file's words and as its error (exit 3), not as the options' usage error
                throw new IllegalArgumentException("kafka.config is for a cluster given with kafka.bootstrapServers (or "
                        + "--bootstrap-servers); the embedded broker needs no client settings: name the cluster, or "
                        + "leave kafka.config out");
            }
            return new UpSettings(namespace, stateDir, bootstrap, kafkaConfig,
                    c.kafka().port() != null ? c.kafka().port() : DEFAULT_KAFKA_PORT,
                    c.kafka().partitions() != null ? c.kafka().partitions() : 3,
                    tail, c.tail() == null || c.tail().poll() == null ? Duration.ofMillis(200) : c.tail().poll(),
                    c.tail() != null && Boolean.TRUE.equals(c.tail().fromEnd()),
                    c.syslog(),
                    source, read, orElse(fw.checkEvery(), Duration.ofSeconds(10)), plan,
                    c.probes() == null ? null : c.probes().concurrency(), correlation, guarantee,
                    api, orElse(c.statsEvery(), Duration.ofMinutes(5)));
        } catch (IllegalArgumentException | TypeConversionException e) {
            throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: " + e.getMessage(), e);
        }
    }

    /**
     * The files to follow, resolved against {@code base}, each checked as {@code ingest tail} checks its
     * file (a missing one is waited for); a file named twice, or again through a link, is followed once,
     * with a warning: two followers of one file would send each line twice and share one position file.
     */
    static List<Path> tailFiles(List<String> files, Path base, Consumer<String> warn) {
        List<Path> paths = files.stream().map(base::resolve).toList();
        for (Path file : paths) {
            try {
                TailCommand.checkFollowable(file);
            } catch (UserException e) {
                throw new UserException(ExitCodes.CONFIG_INVALID, "up configuration: tail.files: " + e.getMessage(), e);
            }
        }
        return InputFiles.distinct(paths, warn);
    }

    private static CorrelationSettings grace(CorrelationSettings settings, Duration grace) {
        try {
            return settings.withGrace(grace);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("correlator.grace " + e.getMessage(), e);
        }
    }

    /** The constant named {@code value} (any case); an unknown one is an error naming the key and the choices. */
    private static <E extends Enum<E>> E oneOf(Class<E> type, String key, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        // Worded as every other file error (MappingErrors): "... is not one of a, b"
        throw new IllegalArgumentException(key + ": '" + value + "' is not " + MappingErrors.expected(type));
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
