package ai.thinkheads.droptrace.cli.verdicts;

import ai.thinkheads.droptrace.cli.common.CommonOptions;
import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.service.TopicFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace verdicts}: the verdicts topic, as a table or JSON lines, optionally followed. */
@Command(name = "verdicts", mixinStandardHelpOptions = true,
        description = {
            "Prints the correlator's verdicts on failed probes (the verdicts topic of the namespace), oldest first: "
                    + "what each failure comes down to, how sure it is, the rule (file:line) or policy, and the "
                    + "change to make.",
            "",
            "With --follow it keeps printing new verdicts as they are decided, until Ctrl-C or SIGTERM. "
                    + "--details prints the reason, the rule text, the changes and the evidence lines of each."
        })
public final class VerdictsCommand implements Callable<Integer> {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    private CommonOptions common;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new verdicts until stopped.")
    private boolean follow;

    @Option(names = "--details", description = "Print each verdict with its reason, rule, changes and evidence.")
    private boolean details;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only verdicts on probes of the last DURATION (by the probe's time: 90s, 15m, 1h, 2d).")
    private Duration since;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Only verdicts on probes from this time on (ISO-8601), for replayed history.")
    private Instant from;

    @Override
    public Integer call() {
        if (since != null && from != null) {
            throw new UserException(ExitCodes.USAGE, "give --since or --from, not both");
        }
        Instant start = from != null ? from : since != null ? Clock.systemUTC().instant().minus(since) : null;
        Namespace namespace = common.namespace();
        try (ShutdownSignal signal = follow ? ShutdownSignal.install(Duration.ofSeconds(10)) : ShutdownSignal.manual();
                KafkaConnection kafka = KafkaConnection.open(common);
                TopicFeed<String, Verdict> feed = TopicFeed.open(kafka.bootstrapServers(), namespace, Topics.VERDICTS,
                        start)) {
            if (feed == null) {
                common.err().printf("droptrace verdicts: namespace %s has no verdicts topic yet ('droptrace correlate' "
                        + "or 'droptrace up' creates it).%n", namespace);
                common.err().flush();
                return ExitCodes.OK;
            }
            List<Verdict> verdicts = new ArrayList<>(feed.readToEnd(READ_TIMEOUT));
            verdicts.sort(Comparator.comparing(Verdict::time).thenComparing(Verdict::id));
            if (common.json()) {
                verdicts.forEach(v -> JsonOutput.line(common.out(), v));
            } else if (details) {
                verdicts.forEach(v -> VerdictTable.detail(common.out(), v));
            } else if (!follow || !verdicts.isEmpty()) {
                VerdictTable.table(verdicts).print(common.out());
            }
            common.out().flush();
            if (follow) {
                common.err().printf("droptrace verdicts: following %s; Ctrl-C or SIGTERM stops.%n", feed.topic());
                common.err().flush();
                feed.follow(signal, this::printOne);
            }
        }
        return ExitCodes.OK;
    }

    private void printOne(Verdict v) {
        if (common.json()) {
            JsonOutput.line(common.out(), v);
        } else {
            VerdictTable.detail(common.out(), v);
        }
    }
}
