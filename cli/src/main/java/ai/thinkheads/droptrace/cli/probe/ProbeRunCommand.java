package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.PlanFiles;
import ai.thinkheads.droptrace.cli.common.SignalledExit;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.probes.config.PlannedProbe;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import ai.thinkheads.droptrace.probes.schedule.ProbeScheduler;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace probe run}: runs the matrix once or on its schedule; results to Kafka, a file and the terminal. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs the probes of a configuration and prints each result.",
            "",
            "With --once every probe runs once and the exit code says whether any failed (5). Without it, each probe "
                    + "repeats at its interval (with jitter) until --for has passed or the command is stopped. Results "
                    + "go to droptrace.<ns>.probe-results keyed by flow (embedded broker unless --bootstrap-servers; "
                    + "--no-kafka to only print), and with --results-file to a JSON-lines file of the same shape."
        })
public final class ProbeRunCommand implements Callable<Integer> {

    /** How long the commands of a stopped run have to end by SIGTERM before they are killed. */
    static final Duration STUBBORN_KILL_AFTER = Duration.ofSeconds(5);
    /** How long the runs in flight of a stopped schedule may finish, within the 30 s the JVM waits after the signal. */
    static final Duration RUNS_MAY_FINISH = Duration.ofSeconds(15);

    @Mixin
    private KafkaOptions common;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The probe configuration (YAML).")
    private Path config;

    @Option(names = "--once", description = "Run every probe once, then exit (5 if any failed).")
    private boolean once;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Run only these probes (repeat or comma-separate).")
    private List<String> only;

    @Option(names = "--no-kafka", description = "Do not publish to Kafka; only print (and write --results-file).")
    private boolean noKafka;

    @Option(names = "--results-file", paramLabel = "FILE", description = "Also append every result as a JSON line to FILE.")
    private Path resultsFile;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Without --once: stop after this long (e.g. 10m, 1h30m). Default: until stopped.")
    private Duration runFor;

    @Option(names = "--concurrency", paramLabel = "N", description = "Probes running at the same time at most. Default: the configuration's "
                    + "defaults.concurrency, 16 when it gives none.")
    private Integer concurrency;

    /** A Kafka option beside --no-kafka would be ignored without a word (a bad --namespace too): a usage error. */
    private void refuseKafkaOptions() {
        String given = common.bootstrapServers() != null ? "--bootstrap-servers"
                : common.kafkaConfig() != null ? "--kafka-config" : common.namespaceGiven() ? "--namespace" : null;
        if (given != null) {
            throw new UserException(ExitCodes.USAGE, "--no-kafka publishes nothing, so " + given
                    + " has no use with it; leave out one or the other");
        }
    }

    @Override
    public Integer call() throws Exception {
        if (noKafka) {
            refuseKafkaOptions();
        }
        ProbePlan plan = PlanFiles.load(config);
        List<PlannedProbe> probes = PlanFiles.select(plan, only);
        if (probes.isEmpty()) {
            // A run of nothing would pass (exit 0): a probes list left empty or indented wrongly is not a healthy site.
            throw new UserException(ExitCodes.CONFIG_INVALID, config + ": no probes to run; list them under 'probes:'");
        }
        Duration duration = duration();
        int workers = concurrency != null ? concurrency : plan.config().defaults().concurrency();
        if (workers < 1 || workers > 512) {
            throw new UserException(ExitCodes.USAGE, "--concurrency must be 1-512");
        }
        RunSinks sinks = null;
        KafkaConnection kafka = null;
        // SIGTERM or Ctrl-C stops the schedule (with --once: ends the probe commands still running), and the JVM
        // waits up to 30 s for the results in flight to be written and published (released in the finally below).
        ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(30));
        try {
            sinks = new RunSinks(resultsFile);
            if (!noKafka) {
                kafka = KafkaConnection.open(common);
                Namespace namespace = common.namespace();
                TopicAdmin.ensure(kafka.bootstrapServers(), 3, Duration.ofSeconds(30), namespace, List.of(Topics.PROBE_RESULTS));
                ProbeResultPublisher publisher = new ProbeResultPublisher(kafka.bootstrapServers(), namespace,
                        ProbeResultPublisher.notWaitingOut());
                sinks.publishTo(publisher);
                publisher.awaitTopic(Duration.ofSeconds(30)); // the topic is there (ensured above): its metadata once
            }
            CommandRunner runner = new CommandRunner();
            ProbeExecutor executor = new ProbeExecutor(plan, runner, Clock.systemUTC());
            try (ProbeScheduler scheduler = new ProbeScheduler(executor, workers, plan.config().defaults().jitter(),
                    Clock.systemUTC())) {
                ResultPrinter printer = new ResultPrinter(common.out(), common.json(), probes);
                runner.cutShortWhen(scheduler::stopping);
                Thread stopper = new Thread(() -> {
                    signal.awaitStop();
                    scheduler.stop();
                    // One pass has no later run to wait for: its commands get the stop now, as from a terminal. On the
                    // schedule the runs in flight finish while the JVM's 30 s allow; then their commands get it too.
                    if (once || pause(RUNS_MAY_FINISH)) {
                        endCommands();
                    }
                }, "probe-stop");
                stopper.setDaemon(true);
                stopper.start();
                if (once) {
                    List<ProbeResult> results = scheduler.runOnce(probes);
                    results.forEach(sinks::deliver);
                    sinks.flush();
                    printer.table(results);
                    long failed = results.stream().filter(r -> !r.passed()).count();
                    summary(results.size(), failed, sinks.publisher());
                    if (results.size() < probes.size()) {
                        common.err().printf("Stopped: %s of %d not reported (cut short by the stop, or not started).%n",
                                Count.of(probes.size() - results.size(), "probe"), probes.size());
                        common.err().flush();
                    }
                    sinks.failIfNotWritten("the results above are not all in it");
                    sinks.failIfNotPublished("the results above are not all on it");
                    return failed > 0 ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
                }
                common.err().printf("Running %d probe%s with %d worker%s%s; stop with Ctrl-C.%n", probes.size(),
                        probes.size() == 1 ? "" : "s", workers, workers == 1 ? "" : "s",
                        duration == null ? "" : " for " + runFor.toString().substring(2).toLowerCase(Locale.ROOT));
                common.err().flush();
                boolean[] unread = {false};
                RunSinks to = sinks;
                long runs = scheduler.runFor(probes, duration == null ? Duration.ofDays(3650) : duration, r -> {
                    printer.line(r); // first: the terminal waits for no Kafka
                    if (!to.deliver(r)) {
                        scheduler.stop(); // not on and on without the file that was asked for
                    }
                    if (BulkStdout.closed(common.out())) {
                        unread[0] = true;
                        scheduler.stop(); // its reader went away (| head): not on and on for nobody
                    }
                });
                sinks.flush();
                if (unread[0]) {
                    BulkStdout.requireOpen(common.out()); // ends quietly, as SIGPIPE ends a C tool
                }
                common.err().printf("%s.%s%n", Count.of(runs, "probe run"), cutShort(scheduler.cutByStop()));
                sinks.failIfNotWritten("the run stopped, and the results printed above are not all in it");
                sinks.failIfNotPublished("the results printed above are not all on it");
                return ExitCodes.OK;
            }
        } catch (UserException e) {
            if (SignalledExit.jvmStopping()) {
                // After SIGTERM or Ctrl-C the JVM halts as soon as the signal's hook is released (below): the line is
                // said now or never, and the stop ends with its status, not 143, which systemd counts as a clean stop
                common.err().println("droptrace: " + e.getMessage());
                common.err().flush();
                if (sinks != null) {
                    sinks.close();
                }
                if (kafka != null) {
                    kafka.close();
                }
                SignalledExit.haltIfStopping(e.exitCode());
            }
            throw e;
        } finally {
            if (sinks != null) {
                sinks.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            signal.close();
        }
    }

    /**
     * Ends the commands still running, which would outlive the JVM: SIGTERM (each is then cut short by the stop, not
     * a result), and SIGKILL {@link #STUBBORN_KILL_AFTER} later to those that ignore it.
     */
    private static void endCommands() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        if (pause(STUBBORN_KILL_AFTER)) {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Sleeps; false when interrupted. */
    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The runs whose guest command got the stop's signal too, said so rather than reported as failures. */
    public static String cutShort(long cut) {
        return cut == 0 ? "" : " " + Count.of(cut, "run") + " cut short by the stop (the signal reached "
                + (cut == 1 ? "its" : "their") + " command too): not reported.";
    }

    private void summary(int total, long failed, ProbeResultPublisher publisher) {
        common.err().printf("%s: %,d passed, %,d failed%s.%n", Count.of(total, "probe"), total - failed, failed,
                publisher == null ? "" : "; results on " + publisher.topic());
        common.err().flush();
    }

    private Duration duration() {
        if (runFor == null) {
            return null;
        }
        if (once) {
            throw new UserException(ExitCodes.USAGE, "--for repeats probes; it cannot be combined with --once");
        }
        if (runFor.isZero() || runFor.isNegative()) {
            // a run of no time runs nothing and would pass (exit 0)
            throw new UserException(ExitCodes.USAGE, "--for must be longer than 0s; --once runs every probe once");
        }
        return runFor;
    }
}
