package ai.thinkheads.droptrace.cli.alerts;

import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.SinceOptions;
import ai.thinkheads.droptrace.cli.output.FeedPrinter;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.alert.Alert;
import ai.thinkheads.droptrace.core.flow.PairKey;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.time.Clock;
import java.util.Comparator;
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
            "With --follow it keeps printing new alerts as they are raised, as rows of the same table, until Ctrl-C or "
                    + "SIGTERM; an alerts topic that is not there yet (the correlator not started yet) is waited for."
        })
public final class AlertsCommand implements Callable<Integer> {

    @Mixin
    private KafkaOptions common;

    @Mixin
    private SinceOptions window;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new alerts until stopped.")
    private boolean follow;

    /** The table printed at start, whose columns the followed alerts keep; {@code null} until one is printed. */
    private TextTable shown;

    @Override
    public Integer call() {
        FeedPrinter<PairKey, Alert> printer = new FeedPrinter<>("alerts", Topics.ALERTS,
                Comparator.comparing(Alert::time).thenComparing(Alert::id), Alert::time, this::printAll, this::printOne, "'droptrace correlate' or 'droptrace up'",
                alert -> alert); // the same id at the same second is another alert with a cooldown of 0
        return printer.run(common, follow, window.start(Clock.systemUTC()));
    }

    private void printAll(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            common.out().println(FeedPrinter.none("alerts", common.namespace(), window.start(Clock.systemUTC())));
            return;
        }
        shown = table();
        alerts.forEach(a -> shown.row(cells(a)));
        shown.print(common.out());
    }

    /** A followed alert: one more row in the columns of the table printed at start (its header first if none was). */
    private void printOne(Alert alert) {
        if (shown == null) {
            shown = table();
        }
        shown.printFollowed(common.out(), cells(alert));
    }

    /** The alerts table, without rows. */
    static TextTable table() {
        return new TextTable("time", "severity", "kind", "source", "destination", "ports", "blocked", "chain", "rule",
                "summary");
    }

    /** An alert as a row of {@link #table()}. */
    static Object[] cells(Alert a) {
        return new Object[] {a.time(), a.severity(), a.kind(), a.source(), a.destination(), String.join(",", a.ports()),
            a.blocked(), a.vmid() + "/" + a.chain(), a.rule(), a.summary()};
    }
}
