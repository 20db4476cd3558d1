package ai.thinkheads.droptrace.cli.up;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.correlate.MustWorkFlows;
import ai.thinkheads.droptrace.cli.probe.ProbeRunCommand;
import ai.thinkheads.droptrace.core.firewall.config.ConfigDirectoryException;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.probes.exec.CommandRunner;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import ai.thinkheads.droptrace.probes.schedule.ProbeScheduler;
import ai.thinkheads.droptrace.streams.ruleset.RulesetPublisher;
import ai.thinkheads.droptrace.streams.ruleset.RulesetWatcher;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.runner.StreamsSettings;
import ai.thinkheads.droptrace.streams.service.CorrelationService;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Starts the parts of {@code up} that run on Kafka, each registered with {@link RunningParts}. */
final class UpServices {

    private final UpSettings settings;
    private final String bootstrap;
    private final RunningParts parts;
    private CorrelationService correlator;

    UpServices(UpSettings settings, String bootstrap, RunningParts parts) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.parts = parts;
    }

    /** Publishes the firewall configuration now and whenever it changes. */
    void startRulesets() {
        RulesetPublisher publisher = parts.started("ruleset publisher",
                new RulesetPublisher(bootstrap, settings.namespace(), Duration.ofSeconds(30)), "to "
                        + ai.thinkheads.droptrace.core.topic.Topics.RULESETS.name(settings.namespace()));
        AnnouncedVersions versions = new AnnouncedVersions(publisher::publish, parts::say);
        RulesetWatcher watcher = new RulesetWatcher(this::publishableRuleset,
                settings.firewall().describe(), versions, Clock.systemUTC());
        String first;
        try {
            first = "published version " + watcher.firstCheck(); // a problem is said here, not again by the watcher
            first += versions.note();
        } catch (RuntimeException e) {
            first = "cannot read it yet (" + e.getMessage() + "); trying again every " + settings.checkEvery().toSeconds()
                    + " s";
        }
        versions.start();
        watcher.start(settings.checkEvery());
        parts.started("firewall configuration", watcher, "watching " + settings.firewall().describe() + " every "
                + settings.checkEvery().toSeconds() + " s; " + first);
    }

    /** The firewall configuration, when pve-firewall would read it (else an exception that says why). */
    private Ruleset publishableRuleset() {
        settings.firewall().notPublishable().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        try {
            return settings.firewall().load(settings.readOptions());
        } catch (ConfigDirectoryException e) { // up's file names the node, not a --node option
            throw new IllegalStateException(e.withNodeSetting("firewall.node"), e);
        }
    }

    /** Starts the correlator; a stop asked for meanwhile ends the wait for Kafka Streams, the part then closed. */
    void startCorrelator(ShutdownSignal signal) {
        String appId = "droptrace-" + settings.namespace() + "-correlate";
        StreamsSettings streams = new StreamsSettings(bootstrap, appId,
                settings.stateDir().resolve("streams").resolve(appId), settings.guarantee(), null, 0, Map.of());
        try {
            correlator = CorrelationService.start(settings.correlation(), streams, settings.api(), UpCommand.START_TIMEOUT,
                    signal, notice -> parts.say("correlator: " + notice));
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCodes.FAILURE, e.getMessage() + "; pick another correlator.apiPort", e);
        }
        if (signal.stopRequested()) {
            parts.started("correlator", correlator, "a stop was asked for while Kafka Streams was starting");
            return;
        }
        parts.started("correlator", correlator, "query API at " + correlator.apiUri() + ", application id " + appId
                + ", " + settings.correlation().alerts().mustWork().size() + " must-work flows, "
                + settings.guarantee().config());
        settings.api().exposure().ifPresent(warning -> parts.say("correlator: warning: " + warning));
        if (settings.plan() != null) {
            MustWorkFlows.unwatchedNote(settings.plan()).ifPresent(note -> parts.say("correlator: note: " + note));
        }
    }

    /** Runs the configured probes at their intervals and publishes their results. */
    void startProbes() {
        if (settings.plan() == null) {
            parts.say("probes: none configured (no probes section)");
            return;
        }
        ProbeResultPublisher publisher = parts.started("probe results", new ProbeResultPublisher(bootstrap,
                settings.namespace()), "to " + ai.thinkheads.droptrace.core.topic.Topics.PROBE_RESULTS.name(settings.namespace()));
        int workers = settings.probeConcurrency() != null ? settings.probeConcurrency()
                : settings.plan().config().defaults().concurrency();
        CommandRunner commands = new CommandRunner();
        ProbeScheduler scheduler = new ProbeScheduler(new ProbeExecutor(settings.plan(), commands, Clock.systemUTC()),
                workers, settings.plan().config().defaults().jitter(), Clock.systemUTC());
        commands.cutShortWhen(scheduler::stopping);
        AtomicLong runs = new AtomicLong();
        Thread runner = new Thread(() -> {
            try {
                scheduler.runFor(settings.plan().probes(), Duration.ofDays(3650), r -> {
                    publisher.accept(r);
                    runs.incrementAndGet();
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe-scheduler");
        runner.setDaemon(true);
        runner.start();
        parts.started("probe scheduler", () -> {
            // The runs in flight finish rather than being interrupted into false failures, for at most 10 s (the stop's
            // budget of 110 s is spent on Kafka's waits): a run with a longer timeout is interrupted, as before.
            scheduler.stop();
            runner.join(10_000);
            scheduler.close();
            publisher.flush();
            if (scheduler.cutByStop() > 0) {
                parts.say("probes:" + ProbeRunCommand.cutShort(scheduler.cutByStop()));
            }
        }, settings.plan().probes().size() + " probes, " + workers + " workers");
    }

    /** Blocks until a stop is asked for; throws when the correlator stops by itself. */
    void awaitStop(ShutdownSignal signal) {
        correlator.awaitStop(signal);
    }
}
