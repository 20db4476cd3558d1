package ai.thinkheads.droptrace.cli.verdicts;

import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.SinceOptions;
import ai.thinkheads.droptrace.cli.output.FeedPrinter;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.core.verdict.Verdict;
import java.time.Clock;
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
            "With --follow it keeps printing new verdicts as they are decided, until Ctrl-C or SIGTERM; a verdicts "
                    + "topic that is not there yet (the correlator not started yet) is waited for. "
                    + "New verdicts are rows of the same table; --details prints the reason, the rule text, the changes and the "
                    + "evidence lines of each, followed ones too."
        })
public final class VerdictsCommand implements Callable<Integer> {

    @Mixin
    private KafkaOptions common;

    @Mixin
    private SinceOptions window;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new verdicts until stopped.")
    private boolean follow;

    @Option(names = "--details", description = "Print each verdict with its reason, rule, changes and evidence.")
    private boolean details;

    /** The table printed at start, whose columns the followed verdicts keep; {@code null} until one is printed. */
    private TextTable shown;

    @Override
    public Integer call() {
        FeedPrinter<String, Verdict> printer = new FeedPrinter<>("verdicts", Topics.VERDICTS,
                Comparator.comparing(Verdict::time).thenComparing(Verdict::id), Verdict::time, this::printAll,
                this::printOne, "'droptrace correlate' or 'droptrace up'",
                Verdict::id); // a failure is decided once; another decision of it (a newer correlator) replaces it
        return printer.run(common, follow, window.start(Clock.systemUTC()));
    }

    private void printAll(List<Verdict> verdicts) {
        if (verdicts.isEmpty()) {
            common.out().println(FeedPrinter.none("verdicts", common.namespace(), window.start(Clock.systemUTC())));
        } else if (details) {
            verdicts.forEach(v -> VerdictTable.detail(common.out(), v));
        } else {
            shown = VerdictTable.table(verdicts);
            shown.print(common.out());
        }
    }

    /**
     * A followed verdict as the ones at start: in detail with --details, else one more row in the columns of the
     * table printed at start (its header first if none was).
     */
    private void printOne(Verdict verdict) {
        if (details) {
            VerdictTable.detail(common.out(), verdict);
            return;
        }
        if (shown == null) {
            shown = VerdictTable.table();
        }
        shown.printFollowed(common.out(), VerdictTable.cells(verdict));
    }
}
