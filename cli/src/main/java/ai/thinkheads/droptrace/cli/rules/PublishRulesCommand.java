package ai.thinkheads.droptrace.cli.rules;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.trace.FirewallConfigOptions;
import ai.thinkheads.droptrace.core.firewall.config.ParseWarning;
import ai.thinkheads.droptrace.core.firewall.config.Ruleset;
import ai.thinkheads.droptrace.core.firewall.source.ConfigSource;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import ai.thinkheads.droptrace.streams.ruleset.RulesetPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code droptrace rules publish}: one version of the firewall configuration to the rulesets topic. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {
            "Reads the firewall configuration (a Proxmox directory, or a Phoenix etc/ folder with --phoenix-etc) and "
                    + "publishes it to the compacted rulesets topic of the namespace, "
                    + "keyed by node. Every correlator instance picks the new version up without a restart and "
                    + "uses it for verdicts and to name the rule behind each log line.",
            "",
            "Give --bootstrap-servers: with the embedded default broker the version is gone when the command ends. "
                    + "'droptrace up' publishes by itself whenever the directory changes."
        })
public final class PublishRulesCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    private KafkaOptions common;

    @Mixin
    private FirewallConfigOptions config;

    @Override
    public Integer call() {
        // bad Kafka options are one line, not one after the configuration's warnings
        Namespace namespace = common.namespace();
        KafkaConnection.checkUsage(common);
        requireClusterFw();
        Ruleset ruleset = config.load();
        RuleTracer tracer = RuleTracer.compile(ruleset);
        IptablesRefusal.of(tracer).ifPresent(why -> {
            throw new UserException(ExitCodes.CONFIG_INVALID, why);
        });
        int skipped = FirewallConfigOptions.skipped(ruleset, tracer); // as trace counts them
        printWarnings(ruleset, tracer);
        PublishedRuleset version = PublishedRuleset.of(ruleset, Clock.systemUTC().instant(), config.describe());
        try (KafkaConnection kafka = KafkaConnection.open(common)) {
            TopicAdmin.ensure(kafka.bootstrapServers(), 3, TIMEOUT, namespace, List.of(Topics.RULESETS));
            try (RulesetPublisher publisher = new RulesetPublisher(kafka.bootstrapServers(), namespace, TIMEOUT)) {
                try {
                    publisher.publish(version);
                } catch (RulesetPublisher.TooLargeException e) {
                    throw new UserException(ExitCodes.CONFIG_INVALID, e.getMessage(), e);
                }
                if (common.json()) {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("topic", publisher.topic());
                    doc.put("node", version.node());
                    doc.put("version", version.version());
                    doc.put("publishedAt", version.publishedAt());
                    doc.put("files", ruleset.files().size());
                    doc.put("warnings", skipped);
                    JsonOutput.document(common.out(), doc);
                } else {
                    common.out().printf("Published ruleset version %s of node %s (%s, %s) to %s.%n",
                            version.version(), version.node(), Count.of(ruleset.files().size(), "file"),
                            Count.of(skipped, "warning"),
                            publisher.topic());
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A directory pve-firewall would not read (no cluster.fw) is not published: see {@link ConfigSource#notPublishable}. */
    private void requireClusterFw() {
        config.source().notPublishable().ifPresent(why -> {
            throw new UserException(ExitCodes.CONFIG_INVALID, why
                    + "; nothing published (give the Proxmox configuration directory with --config-dir)");
        });
    }

    /** Every line left out, {@code file:line: message}, on stderr as {@code rules check} names them. */
    private void printWarnings(Ruleset ruleset, RuleTracer tracer) {
        for (ParseWarning w : ruleset.allWarnings()) {
            common.err().println("droptrace: warning: " + w.describe()
                    + (w.text().isEmpty() ? "" : " [" + w.text() + "]"));
        }
        for (var p : tracer.compiled().problems()) {
            common.err().println("droptrace: warning: " + ParseWarning.location(p.file(), p.line()) + ": " + p.message()
                    + (p.text().isEmpty() ? "" : " [" + p.text() + "]"));
        }
        common.err().flush();
    }
}
