package ai.thinkheads.droptrace.cli.alerts;

import ai.thinkheads.droptrace.cli.common.CommonOptions;
import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.service.TopicFeed;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace alerts}: the alerts topic, as a table or JSON lines, optionally followed. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {
            "Prints the alerts the correlator raised (the alerts topic of the namespace), oldest first.",
            "",
            "With --follow it keeps printing new alerts as they are raised, until Ctrl-C or SIGTERM."
        })
public final class AlertsCommand implements Callable<Integer> {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    private CommonOptions common;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new alerts until stopped.")
    private boolean follow;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only alerts raised in the last DURATION (by the alert's event time: 90s, 15m, 1h, 2d).")
    private Duration since;

    @Option(names = "--from", paramLabel = "INSTANT",
            description = "Only alerts from this event time on (ISO-8601), for replayed history.")
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
                TopicFeed<PairKey, Alert> feed = TopicFeed.open(kafka.bootstrapServers(), namespace, Topics.ALERTS, start)) {
            if (feed == null) {
                common.err().printf("droptrace alerts: namespace %s has no alerts topic yet ('droptrace correlate' "
                        + "creates it).%n", namespace);
                common.err().flush();
                return ExitCodes.OK;
            }
            List<Alert> alerts = new ArrayList<>(feed.readToEnd(READ_TIMEOUT));
            alerts.sort(java.util.Comparator.comparing(Alert::time).thenComparing(Alert::id));
            if (common.json()) {
                alerts.forEach(a -> JsonOutput.line(common.out(), a));
            } else if (!follow || !alerts.isEmpty()) {
                table(alerts).print(common.out());
            }
            if (follow) {
                common.err().printf("droptrace alerts: following %s; Ctrl-C or SIGTERM stops.%n", feed.topic());
                common.err().flush();
                feed.follow(signal, this::printOne);
            }
        }
        return ExitCodes.OK;
    }

    private void printOne(Alert alert) {
        PrintWriter out = common.out();
        if (common.json()) {
            JsonOutput.line(out, alert);
        } else {
            out.printf("%s  %s  %s  %s -> %s  %s%n", alert.time(), alert.severity(), alert.kind(), alert.source(),
                    alert.destination(), alert.summary());
            out.flush();
        }
    }

    private static TextTable table(List<Alert> alerts) {
        TextTable table = new TextTable("time", "severity", "kind", "source", "destination", "ports", "blocked",
                "chain", "rule", "summary");
        for (Alert a : alerts) {
            table.row(a.time(), a.severity(), a.kind(), a.source(), a.destination(), String.join(",", a.ports()),
                    a.blocked(), a.vmid() + "/" + a.chain(), a.rule(), a.summary());
        }
        return table;
    }
}
