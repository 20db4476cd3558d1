package ai.thinkheads.droptrace.cli.doctor;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.cli.common.TempDirectory;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.rules.ProbePaths;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.intent.FwRuleSource;
import ai.thinkheads.droptrace.core.firewall.intent.IntentVerifier;
import ai.thinkheads.droptrace.core.firewall.intent.PathVerdict;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.phoenix.PhoenixRuleSource;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace doctor}: the whole Phoenix diagnostic plan in one run, and the diagnosis. */
@Command(name = "doctor", resourceBundle = "ai.thinkheads.droptrace.cli.common.NamespaceDefault$PerRun",
        mixinStandardHelpOptions = true,
        description = {
            "Runs every probe of a configuration once (from inside the guests through their exec prefix) while "
                    + "following the firewall log, correlates both with the firewall configuration through Kafka, and "
                    + "prints the diagnosis: for each check its outcome, the verdict, the deciding rule (file:line) or "
                    + "policy, one line of evidence and the change to make; then whether the chain of trust is broken "
                    + "and whether the firewall is blocking, with the evidence.",
            "",
            "Uses an embedded Kafka broker in a temporary directory unless --bootstrap-servers is given, and a fresh "
                    + "namespace (doctor-<time>) unless --namespace is given. Run it as root on the Proxmox host.",
            "Exit code: 0 when every check passed, 5 when any failed, 2 for a usage error, 3 for an invalid "
                    + "configuration, 4 when Kafka cannot be reached (or stops answering during the run); stopped "
                    + "(Ctrl-C, SIGTERM) before the diagnosis, it ends with the signal's status, 130 or 143."
        })
public final class DoctorCommand implements Callable<Integer> {

    static final Path DEFAULT_LOG = Path.of("/var/log/pve-firewall.log");
    /** How long Ctrl-C or SIGTERM holds the JVM for the cleanup: the probes in flight, Streams, the broker. */
    private static final Duration STOP_CLEANUP = Duration.ofSeconds(30);
    private static final String STOPPED = "droptrace doctor: stopped before the diagnosis was complete; no report";

    @Mixin
    KafkaOptions common;

    @Mixin
    FirewallConfigOptions firewall;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The probe configuration (YAML), e.g. deploy/phoenix/phoenix.yaml or a lab's phoenix-lab.yaml.")
    Path probeConfig;

    @Option(names = "--log", paramLabel = "FILE",
            description = "The firewall log to follow while the probes run (from its current end). Default: "
                    + "/var/log/pve-firewall.log when it exists; without a log, verdicts rest on the ruleset alone.")
    Path log;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long a failed check waits for its log lines after it ran. Default: ${DEFAULT-VALUE}.")
    Duration grace;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Only these probe ids.")
    List<String> only;

    @Override
    public Integer call() throws Exception {
        // First: a bad --namespace or Kafka address is one line, not one after the notes on the log and the configuration
        Namespace namespace = common.namespaceOr(
                "doctor-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        KafkaConnection.checkUsage(common);
        ProbePlan plan;
        List<PlannedProbe> probes;
        plan = PlanFiles.load(probeConfig);
        probes = PlanFiles.select(plan, only);
        if (probes.isEmpty()) {
            // A diagnosis of nothing would pass (exit 0, "0 checks"): as in probe run, an empty probes list is an error.
            throw new UserException(ExitCodes.CONFIG_INVALID,
                    probeConfig + ": no probes to run; list them under 'probes:'");
        }
        // The probe configuration names the host: its address is the node's own unless --host-address says otherwise.
        firewall.defaultHostAddresses(plan.inventory().hostAddresses());
        Ruleset ruleset = firewall.load();
        Map<String, PathVerdict> traced = IntentVerifier.verify(firewall.isPhoenix()
                ? new PhoenixRuleSource(firewall.phoenix()) : new FwRuleSource(ruleset),
                ProbePaths.of(plan, probes, ruleset.inventory(), firewall.hostNetworks(ruleset)).paths()).stream()
                .collect(Collectors.toMap(v -> v.path().id(), v -> v, (a, b) -> a));
        if (grace.isNegative() || grace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new UserException(ExitCodes.USAGE, "--grace must be between 0 s and 10 min");
        }
        Path logFile = logFile();
        // Said once the input is known to be good: bad input stays one line.
        FirewallNote.of(RuleTracer.compile(ruleset), firewall.describe()).ifPresent(note -> {
            common.err().println(note);
            common.err().flush();
        });
        Consumer<String> progress = progress();
        DoctorRun.Outcome outcome;
        // Ctrl-C or SIGTERM: the probe commands still running are ended, and the JVM waits (bounded) until the
        // broker and the temporary files are gone.
        try (ShutdownSignal signal = ShutdownSignal.install(STOP_CLEANUP)) {
            // Said at the signal, not after the cleanup: a Kafka gone away holds Streams' close past the hook's bound.
            Thread stopped = new Thread(() -> {
                signal.awaitStop();
                if (signal.stopRequested()) {
                    common.err().println(STOPPED);
                    common.err().flush();
                }
            }, "doctor-stopped");
            stopped.setDaemon(true);
            stopped.start();
            try (KafkaConnection kafka = KafkaConnection.open(common, signal::stopRequested);
                    TempDirectory work = TempDirectory.create("droptrace-doctor-")) {
                outcome = kafka == null ? null : DoctorRun.run(new DoctorRun.Inputs(kafka.bootstrapServers(), namespace,
                        plan, probes, ruleset, firewall.describe(), logFile, grace, work.path()), progress, signal);
            }
            if (outcome == null || signal.stopRequested()) {
                stopped.join(1000); // it says so
                return ExitCodes.FAILURE;
            }
            stopped.interrupt();
        }
        if (logFile != null && outcome.logLines() > 0 && outcome.firewallLines() == 0) {
            // The wrong file (auth.log, a syslog without the firewall's lines): no verdict could rest on it.
            common.err().println("droptrace doctor: note: not one of the " + outcome.logLines() + " line(s) read from "
                    + logFile + " during the run is a firewall line (is it pve-firewall's log?); the verdicts rest on "
                    + "the ruleset and the probes alone");
            common.err().flush();
        }
        if (outcome.kafkaLost() != null) {
            common.err().println("droptrace doctor: " + outcome.kafkaLost());
            common.err().flush();
        }
        DoctorReport report = DoctorReport.of(namespace.name(), outcome.rulesetVersion(), firewall.describe(),
                logFile == null ? null : logFile.toString(), outcome.logLines(), outcome.results(), outcome.verdicts(),
                traced);
        if (common.json()) {
            JsonOutput.document(common.out(), report);
        } else {
            DoctorText.print(common.out(), report);
        }
        if (outcome.kafkaLost() != null) {
            return ExitCodes.KAFKA_UNAVAILABLE;
        }
        return report.summary().failed() > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
    }

    /** The log to follow: {@code --log} must be readable; the default is used only when it is there. */
    private Path logFile() {
        if (log != null) {
            String problem = InputFiles.problem(log);
            if (problem != null) {
                throw new UserException(ExitCodes.CONFIG_INVALID, "cannot read the firewall log " + log + " (" + problem
                        + "); give pve-firewall's log with --log");
            }
            return log;
        }
        if (Files.isRegularFile(DEFAULT_LOG) && Files.isReadable(DEFAULT_LOG)) {
            return DEFAULT_LOG;
        }
        common.err().println(noLogNote(DEFAULT_LOG));
        common.err().flush();
        return null;
    }

    /**
     * Said when the default log is not followed, with why: "is not readable" sent the operator of a node without the
     * log (pve-firewall not running, not a Proxmox host) looking for a permission to change.
     */
    static String noLogNote(Path log) {
        String problem = InputFiles.problem(log);
        return "droptrace doctor: note: " + log + ": " + (problem == null ? "not a regular file" : problem)
                + ", and no --log was given; verdicts rest on the ruleset and the probes alone";
    }

    /** Progress lines on stderr when it is a terminal; nothing when piped. */
    private Consumer<String> progress() {
        if (!Terminal.stderrIsTerminal()) {
            return line -> { };
        }
        PrintWriter err = common.err();
        return line -> {
            synchronized (err) {
                err.println("droptrace doctor: " + line);
                err.flush();
            }
        };
    }
}
