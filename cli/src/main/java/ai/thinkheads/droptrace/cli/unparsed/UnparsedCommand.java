package ai.thinkheads.droptrace.cli.unparsed;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.RangeOption;
import ai.thinkheads.droptrace.cli.common.SinceOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.FeedPrinter;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace unparsed}: the dead letters of a namespace, what could not be read and why. */
@Command(name = "unparsed", resourceBundle = "ai.thinkheads.droptrace.cli.common.SinceOptions$ByReadTime",
        mixinStandardHelpOptions = true,
        description = {
            "Prints the dead letters of the namespace (its unparsed topic), oldest first: every input line no parser "
                    + "could read, or record no stage could, with the reason, where it came from (file and line, "
                    + "byte offset, or sender and message number) and the line itself.",
            "",
            "Text shows each line up to 400 characters; --output json gives every record whole, with the bytes "
                    + "as read of a line that was not UTF-8 (Base64). With --follow it keeps printing new ones until "
                    + "Ctrl-C or SIGTERM, and waits for an unparsed topic that is not there yet. --since and --from go by the time droptrace read the line."
        })
public final class UnparsedCommand implements Callable<Integer> {

    /** The most characters of a line the text output shows. */
    static final int SHOWN = 400;

    @Mixin
    private KafkaOptions common;

    @Mixin
    private SinceOptions window;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new dead letters until stopped.")
    private boolean follow;

    @Option(names = "--by", paramLabel = "reason|source",
            description = "Count the dead letters instead of printing them: by kind of reason (its quoted values left "
                    + "out) or by source (file or sender), most first, with where the first of each is.")
    private String by;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "1000",
            description = "Print only the newest N dead letters read at start (a replay of the wrong file can leave "
                    + "millions), or with --by only the N largest counts; 0 prints all. Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Override
    public Integer call() {
        FeedPrinter<String, UnparsedLine> printer = new FeedPrinter<>("unparsed", Topics.UNPARSED,
                Comparator.comparing(UnparsedLine::received).thenComparing(u -> u.origin().source())
                        .thenComparingLong(u -> u.origin().position()),
                UnparsedLine::received, this::printAll, u -> print(common.out(), u), "'droptrace replay', 'ingest tail' or 'ingest listen'");
        RangeOption.check("--limit", limit, 0, Integer.MAX_VALUE, "how many dead letters; 0 for all");
        if (by != null) {
            UnparsedCounts.By what = switch (by.toLowerCase(Locale.ROOT)) {
                case "reason" -> UnparsedCounts.By.REASON;
                case "source" -> UnparsedCounts.By.SOURCE;
                default -> throw new UserException(ExitCodes.USAGE, "--by must be reason or source, was '" + by + "'");
            };
            if (follow) {
                throw new UserException(ExitCodes.USAGE, "--by counts what is there; it does not go with --follow");
            }
            return count(printer, what);
        }
        return printer.run(common, follow, window.start(Clock.systemUTC()), limit);
    }

    private void printAll(List<UnparsedLine> all) {
        for (UnparsedLine u : all) {
            print(common.out(), u);
        }
        common.out().println(all.isEmpty() ? "no dead letters in namespace " + common.namespace() + inWindow()
                : Count.of(all.size(), "dead letter") + " of namespace " + common.namespace() + " shown");
    }

    /**
     * The dead letters counted by {@code what}, as a table or one JSON document: all of them counted, only the
     * {@code --limit} largest counts printed (said on stderr when there were more), as the lines are.
     */
    private int count(FeedPrinter<String, UnparsedLine> printer, UnparsedCounts.By what) {
        Namespace namespace = common.namespace();
        UnparsedCounts counts = new UnparsedCounts(what);
        if (!printer.readAll(common, window.start(Clock.systemUTC()), counts::add) && !common.json()) {
            return ExitCodes.OK; // no topic, said on stderr; JSON still gives its document (of none), as jq expects one
        }
        String key = what == UnparsedCounts.By.REASON ? "reason" : "source";
        String kinds = what == UnparsedCounts.By.REASON ? "kind" : "source";
        List<UnparsedCounts.Row> all = counts.rows();
        List<UnparsedCounts.Row> shown = limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        if (shown.size() < all.size()) {
            common.err().printf("droptrace unparsed: the largest %,d of %s shown (--limit; 0 shows all).%n",
                    shown.size(), Count.of(all.size(), kinds));
            common.err().flush();
        }
        if (common.json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (UnparsedCounts.Row row : shown) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put(key, row.key());
                r.put("count", row.count());
                r.put("first", Map.of("source", row.firstSource(), "position", row.firstPosition()));
                rows.add(r);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("namespace", namespace.name());
            doc.put("deadLetters", counts.total());
            doc.put("by", key);
            doc.put("rows", rows);
            JsonOutput.document(common.out(), doc);
            BulkStdout.requireOpen(common.out()); // '| head -1': 141, as the dead letters themselves end
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("count", key, "first at");
        for (UnparsedCounts.Row row : shown) {
            table.row(String.format(Locale.ROOT, "%,d", row.count()), Terminal.visible(row.key()),
                    Terminal.visible(row.firstSource()) + ":" + row.firstPosition());
        }
        if (!table.isEmpty()) {
            table.print(common.out());
        }
        common.out().println(counts.total() == 0 ? "no dead letters in namespace " + namespace + inWindow()
                : Count.of(counts.total(), "dead letter") + " in namespace " + namespace + ", "
                        + Count.of(all.size(), kinds));
        common.out().flush();
        BulkStdout.requireOpen(common.out());
        return ExitCodes.OK;
    }

    /** Said after "no dead letters": the time range asked for, when one was (older ones may be there). */
    private String inWindow() {
        Instant start = window.start(Clock.systemUTC());
        return start == null ? "" : " read since " + start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " (--since/--from; older ones are not shown)";
    }

    /** One dead letter: when, where from and why on one line, the line itself indented below it. */
    static void print(PrintWriter out, UnparsedLine u) {
        out.printf("%s  %s:%d  %s%n", TextTable.time(u.received()), Terminal.visible(u.origin().source()), u.origin().position(),
                Terminal.visible(u.reason()));
        String line = u.line();
        // Counted in characters (code points): a cut between the two halves of an emoji printed a '?'.
        int length = line.codePointCount(0, line.length());
        String shown = length <= SHOWN ? line : line.substring(0, line.offsetByCodePoints(0, SHOWN))
                + String.format(Locale.ROOT, " ... (%,d more characters)", length - SHOWN);
        out.println("    " + Terminal.visible(shown));
        if (u.bytes() != null) {
            out.printf("    (not UTF-8: the %s as read are in --output json's \"bytes\", Base64)%n",
                    Count.of(u.bytes().length, "byte"));
        }
    }
}
