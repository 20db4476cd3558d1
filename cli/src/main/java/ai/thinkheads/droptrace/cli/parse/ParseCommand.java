package ai.thinkheads.droptrace.cli.parse;

import ai.thinkheads.droptrace.cli.common.CommonOptions;
import ai.thinkheads.droptrace.cli.common.CompressedCopies;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.OutputFormat;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.HostOption;
import ai.thinkheads.droptrace.cli.ingest.IngestSummary;
import ai.thinkheads.droptrace.cli.ingest.SyslogTimeOptions;
import ai.thinkheads.droptrace.cli.ingest.TimeWindowOptions;
import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.json.FirewallEventJson;
import ai.thinkheads.droptrace.ingest.json.JsonBytes;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlock;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlockReader;
import ai.thinkheads.droptrace.ingest.pipeline.LineBlockSource;
import ai.thinkheads.droptrace.ingest.pipeline.OrderedBatches;
import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.ReplayOrder;
import ai.thinkheads.droptrace.ingest.replay.TimeWindow;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code droptrace parse}: firewall lines in, one JSON event per line out; no Kafka. */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {
            "Parses firewall log lines and prints one JSON event per line on stdout (no Kafka): pve-firewall.log "
                    + "lines, kernel netfilter LOG lines, bare or in RFC 3164/5424 syslog, journalctl output (text or "
                    + "-o json), dmesg (-T, --time-format iso), ulogd LOGEMU.",
            "",
            "Reads the FILES (plain or .gz, a rotated set in time order) or stdin. Lines that are not firewall "
                    + "lines go to stderr as 'source:line: reason', or as JSON with --failures json. A summary "
                    + "goes to stderr at the end (with --failures json as one more JSON line, {\"summary\":{...}}); "
                    + "the exit code is 9 when lines were read and not one was a firewall line."
        })
public final class ParseCommand implements Callable<Integer> {

    private static final int BATCH = 2_048;
    private static final int BLOCK_BYTES = 256 * 1024;

    @Mixin
    private CommonOptions common;

    @Mixin
    private SyslogTimeOptions time;

    @Mixin
    private TimeWindowOptions timeWindow;

    @Mixin
    private HostOption host;

    /** The node given with --host, {@code null} when none was. */
    private String node;

    private TimeWindow window = TimeWindow.ALL;

    @Parameters(paramLabel = "FILES", arity = "0..*", description = "Files to read; none or '-' reads stdin.")
    private List<Path> files = List.of();

    @Option(names = "--failures", paramLabel = "text|json", defaultValue = "text", converter = OutputFormat.Converter.class,
            description = "How failures are written to stderr: text ('source:line: reason') or json (one dead-letter "
                    + "record per line). Default: ${DEFAULT-VALUE}.")
    private OutputFormat failures;

    @Option(names = "--status", description = "Also print the logger's status lines (start, stop, skipped N) as JSON.")
    private boolean status;

    @Override
    public Integer call() throws IOException {
        node = host.orElse(null);
        window = timeWindow.window();
        IngestCounters counters = new IngestCounters();
        PrintWriter out = common.out();
        ObjectWriter writer = Json.events().writer();
        BulkStdout stdout = BulkStdout.open(out);
        List<Path> inputs = files.isEmpty() || files.equals(List.of(Path.of("-"))) ? List.of()
                : files;
        if (inputs.contains(Path.of("-"))) {
            throw new UserException(ExitCodes.USAGE, "'-' (stdin) is read on its own, not with files (or twice)");
        }
        InputFiles.requireReadable(inputs);
        InputFiles.requirePlainOrGzip(inputs, "parse");
        Consumer<String> warn = warning -> {
            if (failures == OutputFormat.JSON) { // stderr stays JSON lines
                JsonOutput.line(common.err(), Map.of("warning", warning));
            } else {
                common.err().println("droptrace: warning: " + warning);
            }
            common.err().flush();
        };
        boolean fromStdin = inputs.isEmpty(); // not when every file given was left out (an empty .gz alone)
        inputs = CompressedCopies.leftOut(ReplayOrder.order(InputFiles.distinct(inputs, warn)), warn);
        List<String> timeNotes = new ArrayList<>(); // where the RFC 3164 year and zone came from, as replay says it
        try {
            if (fromStdin) {
                SyslogYearAndZone yearAndZone = time.live();
                FirewallLineParser parser = new FirewallLineParser(yearAndZone, node);
                parse(new LineBlockReader(stdin(), BLOCK_BYTES, BATCH), "stdin", parser, counters, stdout, writer);
                timeNote(timeNotes, "stdin", parser, yearAndZone);
            }
            for (Path file : inputs) {
                SyslogYearAndZone yearAndZone = time.forFile(file);
                FirewallLineParser parser = new FirewallLineParser(yearAndZone, node);
                try (InputStream in = InputFiles.open(file)) {
                    parse(new LineBlockReader(in, BLOCK_BYTES, BATCH), file.toString(), parser, counters, stdout,
                            writer);
                }
                timeNote(timeNotes, file.toString(), parser, yearAndZone);
            }
        } catch (ReadFailure e) {
            flushAfterFailure(stdout, out, e);
            UserException failed = InputFiles.failedWhileReading(e); // after what was read before it was printed
            if (failures == OutputFormat.JSON) { // stderr stays JSON lines: the error is one more
                JsonOutput.line(common.err(), Map.of("error", failed.getMessage()));
                common.err().flush();
                return failed.exitCode();
            }
            throw failed;
        } catch (IOException | RuntimeException e) {
            flushAfterFailure(stdout, out, e);
            throw e;
        }
        stdout.flush();
        out.flush();
        IngestCounts c = counters.snapshot(null);
        if (failures == OutputFormat.JSON) {
            // stderr stays JSON lines: the summary is one more, told apart from dead letters by its "summary" key
            JsonOutput.line(common.err(), Map.of("summary", IngestSummary.lineCounts(c)));
            return IngestSummary.noFirewallLines(c) ? ExitCodes.NO_FIREWALL_LINES : ExitCodes.OK;
        }
        common.err().printf("parsed %,d of %s: %s, %s (logger reported %,d skipped), %,d failed%s%n",
                c.parsed() + c.status(), Count.of(c.read(), "line"), Count.of(c.parsed(), "event"),
                Count.of(c.status(), "status line"), c.skippedByLogger(), c.deadLettered(),
                (c.blank() == 0 ? "" : ", " + Count.of(c.blank(), "blank line") + " skipped")
                        + (c.outsideWindow() == 0 ? "" : ", " + Count.of(c.outsideWindow(), "line") + " outside --from/--until"));
        timeNotes.forEach(note -> common.err().println("  " + Terminal.visible(note)));
        common.err().flush();
        return IngestSummary.exitCode(common, c);
    }

    /**
     * The note on a source's RFC 3164 timestamps, which carry no year or zone, when it had any: how many, where their
     * year and zone came from and the dates they got (before, parse said nothing of what it assumed).
     */
    private static void timeNote(List<String> notes, String source, FirewallLineParser parser,
            SyslogYearAndZone yearAndZone) {
        if (parser.yearlessTimestamps() > 0) { // pve lines and RFC 3339 carry their own: nothing to say
            notes.add(String.format(Locale.ROOT, "%s: %,d line(s) with %s; %s", source, parser.yearlessTimestamps(),
                    yearAndZone.describe(), parser.yearlessTimestampsRead()));
        }
    }

    /** stdin, gzip or not; one that cannot be read as text (xz, UTF-16, ...) a {@link ReadFailure} saying so. */
    private static InputStream stdin() {
        try {
            return LineSource.uncompressed(System.in);
        } catch (IOException e) {
            throw new ReadFailure("stdin", 0, e);
        }
    }

    /** What was parsed before a failure still reaches stdout (its 1 MiB buffer would be lost with the process). */
    private static void flushAfterFailure(BulkStdout stdout, PrintWriter out, Exception failure) {
        try {
            stdout.flush();
            out.flush();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** What a worker made of a batch: the JSON lines for stdout, the failure lines for stderr. */
    private record Batch(JsonBytes json, List<String> failures) {
    }

    /** Worker threads decode, parse and write JSON for blocks of lines; this thread reads and prints them in order. */
    private void parse(LineBlockSource blocks, String source, FirewallLineParser parser, IngestCounters counters,
            BulkStdout out, ObjectWriter writer) throws IOException {
        PrintWriter err = common.err();
        try (OrderedBatches<Batch> batches = new OrderedBatches<>(OrderedBatches.workerThreads(),
                4 * OrderedBatches.workerThreads(), "parse", batch -> {
                    out.write(batch.json());
                    if (!batch.failures().isEmpty()) {
                        out.flush();
                        batch.failures().forEach(err::println);
                        if (failures == OutputFormat.JSON) {
                            // stderr is the data of --failures json: its reader gone (2>&1 >/dev/null | head), the
                            // parse ends as it does for stdout's, not after reading the rest of a wrong file
                            BulkStdout.requireStderrOpen(err);
                        }
                    }
                })) {
            // a pipe fed live (journalctl -f | droptrace parse -): its lines printed as they come
            batches.runAll(blocks, source, block -> batch(block, source, parser, counters, writer), lines -> { },
                    out::flush);
        }
    }

    private Callable<Batch> batch(LineBlock block, String source, FirewallLineParser parser, IngestCounters counters,
            ObjectWriter writer) {
        return () -> {
            JsonBytes json = new JsonBytes(block.count() * 1100);
            List<String> failed = new ArrayList<>();
            Instant received = Instant.now();
            for (int k = 0; k < block.count(); k++) {
                boolean plain = block.plain(k);
                String line = block.text(k, plain);
                long number = block.lineNumber(k);
                Origin origin = Origin.of(source, number);
                ParseResult result = parser.parse(line, origin, received);
                if (!counters.count(result, window, received)) {
                    continue; // outside --from/--until
                }
                if (result instanceof ParseResult.Parsed p) {
                    FirewallEventJson.append(json, p.event(), plain ? line : null);
                    json.ascii('\n');
                } else if (result instanceof ParseResult.Status s) {
                    if (status) {
                        json.raw(writer.writeValueAsBytes(new LoggerStatus(LoggerStatus.SCHEMA_VERSION,
                                s.time() == null ? received : s.time(), s.zoneOffset(), s.host(), s.level(), s.kind(),
                                s.text(), s.skipped(), origin)));
                        json.ascii('\n');
                    }
                } else if (result instanceof ParseResult.Failed f) {
                    failed.add(failures == OutputFormat.JSON
                            ? writer.writeValueAsString(UnparsedLine.of(received, f.reason(), line, origin,
                                    block.bytesIfFailed(k, plain, result)))
                            : Terminal.visible(source + ":" + number + ": " + f.reason()));
                }
            }
            return new Batch(json, failed);
        };
    }
}
