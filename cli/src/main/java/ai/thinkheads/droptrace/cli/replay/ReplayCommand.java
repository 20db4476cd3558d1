package ai.thinkheads.droptrace.cli.replay;

import ai.thinkheads.droptrace.cli.common.CompressedCopies;
import ai.thinkheads.droptrace.cli.common.DurationConverter;
import ai.thinkheads.droptrace.cli.common.ErrorHandler;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.SignalledExit;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.ingest.HostOption;
import ai.thinkheads.droptrace.cli.ingest.IngestSummary;
import ai.thinkheads.droptrace.cli.ingest.ProgressLine;
import ai.thinkheads.droptrace.cli.ingest.SyslogTimeOptions;
import ai.thinkheads.droptrace.cli.ingest.TimeWindowOptions;
import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.FirewallLineParser;
import ai.thinkheads.droptrace.ingest.IngestCounters;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import ai.thinkheads.droptrace.ingest.replay.ClosableInput;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.LogReplayer;
import ai.thinkheads.droptrace.ingest.replay.NotPlainText;
import ai.thinkheads.droptrace.ingest.replay.Pacing;
import ai.thinkheads.droptrace.ingest.replay.RefusedFrom;
import ai.thinkheads.droptrace.ingest.replay.ReplayOrder;
import ai.thinkheads.droptrace.ingest.replay.TimeWindow;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code droptrace replay FILES...}: history into Kafka, in time order, as fast as possible or paced. */
@Command(name = "replay", resourceBundle = "ai.thinkheads.droptrace.cli.common.NamespaceDefault$Replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replays firewall log history into Kafka: one or many files, plain or .gz, a rotated set "
                    + "(.log.2.gz, .log.1, .log) put in time order.",
            "",
            "Goes into the namespace 'replay' unless --namespace is given: its topics keep records forever, so the "
                    + "broker does not delete old-timestamped history (a 'live' namespace would). Shows progress on a "
                    + "terminal and a summary at the end; the exit code is 9 when lines were read and not one was a firewall line."
        })
public final class ReplayCommand implements Callable<Integer> {

    /** The most file names the summary gives for the order they were read in. */
    static final int ORDER_SHOWN = 20;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_WAIT_LIMIT = Duration.ofDays(365);

    @Mixin
    private KafkaOptions common;

    private static final Path STDIN = Path.of("-");

    @Mixin
    private SyslogTimeOptions time;

    @Parameters(paramLabel = "FILES", arity = "1..*",
            description = "Log files to replay (plain or gzip), or '-' alone for stdin (journalctl -k -o short-iso | ...).")
    private List<Path> files;

    @Mixin
    private TimeWindowOptions timeWindow;

    @Mixin
    private HostOption host;

    /** The node given with --host, {@code null} when none was. */
    private String node;

    @Option(names = "--speed", paramLabel = "Nx", defaultValue = "max",
            description = "max (as fast as possible, the default) or a multiple of the log's own pace, e.g. 10x.")
    private String speed;

    @Option(names = "--max-wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
            description = "Only with --speed (without it, a usage error): the longest pause between two events (a quiet night in the log, a line dated "
                    + "years off); a longer one is cut to it and the events after it keep their spacing. "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration maxWait;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        node = host.orElse(null);
        Pacing pacing;
        try {
            pacing = Pacing.parse(speed);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "--speed " + e.getMessage());
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new UserException(ExitCodes.USAGE, "--max-wait must be a positive duration such as 30s or 5m, was "
                    + maxWait);
        }
        if (maxWait.compareTo(MAX_WAIT_LIMIT) > 0) { // in nanoseconds, centuries overflow the pacing's clock
            throw new UserException(ExitCodes.USAGE, "--max-wait must be at most 365 days, was " + maxWait.toDays()
                    + " days");
        }
        if (!pacing.paced() && spec.commandLine().getParseResult().hasMatchedOption("--max-wait")) {
            // as fast as possible there is no pause to cut: the option would be ignored without a word
            throw new UserException(ExitCodes.USAGE, "--max-wait is the longest pause of a paced replay, and one as fast "
                    + "as possible makes none: give --speed too (e.g. --speed 10x), or leave --max-wait out");
        }
        pacing = pacing.withMaxWait(maxWait);
        TimeWindow window = timeWindow.window();
        time.check(); // a bad --year or --zone is a usage error before a broker starts
        boolean stdin = files.contains(STDIN);
        if (stdin && files.size() > 1) {
            throw new UserException(ExitCodes.USAGE, "'-' (stdin) is replayed on its own, not with files");
        }
        if (!stdin) {
            InputFiles.requireReadable(files);
            InputFiles.requirePlainOrGzip(files, "replay");
        }
        InputStream stdinRaw = null; // the process's stdin, read through stdinBytes
        BufferedInputStream stdinBytes = null;
        if (stdin) { // xz data redirected or piped in is said as a file's would be, before a broker starts for nothing
            stdinRaw = BulkStdout.processStdio() ? new ClosableInput(new FileInputStream(FileDescriptor.in)) : System.in;
            stdinBytes = new BufferedInputStream(stdinRaw, 1 << 16);
            String format;
            try {
                format = LineSource.otherFormatAvailable(stdinBytes);
            } catch (IOException e) { // a directory given as stdin (< /var/log): said as when it is read
                throw InputFiles.failedWhileReading(new ReadFailure("stdin", 0, e));
            }
            if (format != null) {
                throw InputFiles.failedWhileReading(new ReadFailure("stdin", 0, new NotPlainText(format)));
            }
        }
        List<Path> ordered = stdin ? files : CompressedCopies.leftOut(ReplayOrder.order(InputFiles.distinct(files,
                common.err())), warning -> {
                    common.err().println("droptrace: warning: " + warning);
                    common.err().flush();
                });
        Namespace namespace = common.namespaceOr("replay");
        if (Namespace.LIVE.equals(namespace)) {
            common.err().println("droptrace: warning: replaying into 'live': the broker deletes records older than its retention "
                    + "(7 days by default), so old history may vanish; use a replay namespace instead.");
        }
        IngestCounters counters = new IngestCounters();
        IngestCounts counts;
        List<String> timeNotes = new ArrayList<>();
        if (ordered.size() > 1) { // the order droptrace chose, to check against the files' own times
            timeNotes.add(orderNote(ordered));
        }
        double seconds;
        long refused; // records Kafka did not accept
        ReadFailure readFailure = null; // a file that could not be read (to its end): the replay stopped there
        int filesLeft = 0; // the files after it, not read
        // SIGTERM or Ctrl-C ends the replay early: what was read is sent and acknowledged, and the summary
        // says so; the JVM waits up to 60 s for that.
        // The files as they are now: a logrotate in the middle of the replay does not change what is read.
        try (PinnedFiles pinned = PinnedFiles.open(stdin ? List.of() : ordered);
                ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(60));
                InputClosedAtStop closer = InputClosedAtStop.watch(signal);
                KafkaConnection kafka = KafkaConnection.open(common, signal::stopRequested)) {
            if (pinned.notHeld() > 0) {
                common.err().printf("droptrace: warning: this process may not hold all %,d files open: the first %,d are opened "
                        + "in their turn, so a logrotate during the replay can change what they hold%n", ordered.size(),
                        pinned.notHeld());
                common.err().flush();
            }
            if (kafka == null) { // said before the signal's hook is released: after SIGTERM the JVM halts right then
                common.err().println("droptrace: stopped while waiting for Kafka at " + common.bootstrapServers()
                        + "; nothing was sent.");
                common.err().flush();
                return ExitCodes.OK;
            }
            TopicAdmin.ensure(kafka.bootstrapServers(), TopicAdmin.partitionsFor(namespace), TIMEOUT, namespace,
                    Topics.all());
            String earlier = kafka.isEmbedded() ? null // a broker of its own, whose topics are new
                    : EarlierRecords.warning(kafka.bootstrapServers(), namespace, Duration.ofSeconds(5));
            if (earlier != null) {
                common.err().println("droptrace: warning: " + earlier);
                common.err().flush();
            }
            ProgressLine progress = ProgressLine.forTerminal(common.err(), ordered.size(),
                    stdin ? List.of() : ordered, pacing.paced());
            try (EventPublisher publisher = new EventPublisher(kafka.bootstrapServers(), namespace,
                    EventPublisher.oneShot())) {
                long started = System.nanoTime(); // the summary's lines/s are the replay's, not the broker's start or stop
                // Kafka refusing a record (a broker that went away for longer than the producer waits) stops the
                // replay there: what was read before is in Kafka, and the summary says how far it got
                LogReplayer replayer = new LogReplayer(null, publisher, Clock.systemUTC(), pacing, counters,
                        progress::update).stopWhen(() -> signal.stopRequested() || publisher.failed() > 0)
                        .within(window);
                int k = 0;
                String lastSource = null; // the input read last, and the lines read before it: where a stop left off
                long linesBefore = 0;
                for (Path file : ordered) {
                    if (replayer.stopped()) {
                        break;
                    }
                    progress.file(++k, file);
                    SyslogYearAndZone yearAndZone = time.forFile(stdin ? null : file);
                    String source = stdin ? "stdin" : file.toString();
                    lastSource = source;
                    linesBefore = counters.read();
                    FirewallLineParser parser = new FirewallLineParser(yearAndZone, node);
                    if (!stdin && !Files.isRegularFile(file)) {
                        closer.opening(file); // a named pipe: its opening waits for a writer, which a stop ends
                    }
                    try (InputStream in = stdin ? stdin(stdinRaw, stdinBytes, closer)
                            : progress.counting(InputFiles.open(file, pinned.take(file), raw -> {
                                closer.reading(raw);
                                progress.reading(raw);
                            }))) {
                        replayer.replayWithoutFlush(in, source, parser);
                    } catch (ReadFailure e) {
                        if (!closer.closedAtStop()) { // else the stop closed an input that was waiting (its gzip header)
                            readFailure = e; // what was read before is acknowledged, and summed up, before it is told
                            filesLeft = ordered.size() - k;
                        }
                        break;
                    }
                    if (parser.yearlessTimestamps() > 0) { // pve lines and RFC 3339 carry their own: nothing to say
                        timeNotes.add(String.format(Locale.ROOT, "%s: %,d line(s) with %s; %s", source,
                                parser.yearlessTimestamps(), yearAndZone.describe(), parser.yearlessTimestampsRead()));
                    }
                }
                Exception kafkaFailure = null;
                try {
                    counts = replayer.finish();
                } catch (IllegalStateException e) { // flush: records Kafka did not accept
                    kafkaFailure = e;
                    counts = counters.snapshot(publisher);
                }
                if (kafkaFailure != null) {
                    timeNotes.add(String.format(Locale.ROOT, "stopped: Kafka did not accept %,d record(s) (%s); the "
                            + "%,d acknowledged are in Kafka; %s", publisher.failed(),
                            ErrorHandler.rootMessage(kafkaFailure), counts.acknowledged(),
                            replayTheRest(replayer.refusedFrom().orElse(null))));
                } else if (readFailure != null) {
                    timeNotes.add(String.format(Locale.ROOT, "stopped: %s cannot be read %s (see below); the %,d "
                            + "records acknowledged are in Kafka%s", readFailure.source(), readFailure.lines() == 0
                                    ? "at its start" : String.format(Locale.ROOT, "after line %,d", readFailure.lines()),
                            counts.acknowledged(), filesLeft == 0 ? "" : "; " + Count.of(filesLeft, "file")
                                    + " after it not read"));
                } else if (replayer.stopped()) {
                    String where = ordered.size() < 2 || lastSource == null ? "" : String.format(Locale.ROOT,
                            ", the last of them line %,d of %s", counts.read() - linesBefore, lastSource);
                    String leftOut = counts.outsideWindow() == 0 ? "" : String.format(Locale.ROOT,
                            ", %,d of them outside --from/--until (not sent)", counts.outsideWindow());
                    timeNotes.add(String.format(Locale.ROOT, "stopped by a signal after %,d lines%s%s: %s in Kafka as "
                            + "acknowledged above; the rest was not read", counts.read(), where, leftOut,
                            leftOut.isEmpty() ? "they are" : "the others are"));
                }
                if (pacing.cuts() > 0) {
                    timeNotes.add(cutsNote(pacing.cuts(), maxWait));
                }
                seconds = (System.nanoTime() - started) / 1e9;
                refused = publisher.failed();
            }
            progress.done();
            // xz data or UTF-16 text before any line was read (a pipe fed after the start, or one given as a file) is
            // a usage error alone, as it is when told before Kafka: a summary of nothing would only bury it.
            boolean onlyUnreadable = readFailure != null && readFailure.getCause() instanceof NotPlainText
                    && counts.read() == 0 && refused == 0;
            if (!onlyUnreadable) { // said before the signal's hook is released: after SIGTERM the JVM halts right then
                IngestSummary.print(common, "Replayed " + (stdin ? "stdin" : Count.of(ordered.size(), "file")) + " into namespace " + namespace + " ("
                        + pacing + ")", counts, seconds, timeNotes, Map.of());
            }
            UserException failed = refused > 0 ? new UserException(ExitCodes.KAFKA_UNAVAILABLE, String.format(
                    Locale.ROOT, "Kafka did not accept %,d record(s); %,d of %,d sent are in Kafka (see the summary)",
                    refused, counts.acknowledged(), counts.sent()))
                    : readFailure != null ? InputFiles.failedWhileReading(readFailure) : null;
            if (failed != null) {
                SignalledExit.failIfStopping(common, failed, kafka); // after SIGTERM: said, and not the 143 of a clean stop
                throw failed;
            }
        }
        return IngestSummary.exitCode(common, counts);
    }

    /** The summary's note of the pauses cut to {@code maxWait}, given in milliseconds when it is not whole seconds. */
    static String cutsNote(long cuts, Duration maxWait) {
        String wait = maxWait.toMillis() % 1000 == 0 ? String.format(Locale.ROOT, "%,d s", maxWait.toSeconds())
                : String.format(Locale.ROOT, "%,d ms", maxWait.toMillis());
        return String.format(Locale.ROOT, "%,d pause(s) of the log longer than --max-wait %s were cut to it", cuts, wait);
    }

    /**
     * How to send what Kafka refused: {@code --from} the earliest time of their own of the refused lines (to the
     * second, down), and the line from which on Kafka may not hold them.
     */
    static String replayTheRest(RefusedFrom.Place place) {
        if (place == null) { // refused at the last flush only, by a path that watches no runs
            return "replay the rest with --from";
        }
        String from = String.format(Locale.ROOT, "line %,d of %s", place.line(), place.source());
        return place.time() == null
                ? "replay the rest from " + from + " on (none of the lines refused carries a time of its own for --from)"
                : "replay the rest with --from " + place.time().truncatedTo(ChronoUnit.SECONDS) + " (Kafka holds "
                        + "every line before " + from + "; what it took after that is sent again)";
    }

    /**
     * stdin, gzip or not, read so that a stop ends a read that waits for the pipe's next line ({@code raw}: the
     * process's file descriptor 0; {@code System.in} as it is when droptrace runs embedded or in a test), through
     * {@code bytes}, which holds what was looked at before.
     */
    private static InputStream stdin(InputStream raw, BufferedInputStream bytes, InputClosedAtStop closer) {
        closer.reading(raw);
        try {
            return LineSource.uncompressed(bytes);
        } catch (IOException e) {
            throw new ReadFailure("stdin", 0, e);
        }
    }

    /**
     * The summary's note of the order the files were read in, to check against their own times: every file of a
     * rotated set; of more than {@value #ORDER_SHOWN} files (a log server's year of daily files), the first and the
     * last, with how many between: 3,000 names made one line of 200 KB.
     */
    static String orderNote(List<Path> ordered) {
        List<String> names = ordered.stream().map(Path::toString).toList();
        if (names.size() > ORDER_SHOWN) {
            List<String> shown = new ArrayList<>(names.subList(0, ORDER_SHOWN - 5));
            shown.add(String.format("... %,d more ...", names.size() - ORDER_SHOWN));
            shown.addAll(names.subList(names.size() - 5, names.size()));
            names = shown;
        }
        return "read in this order: " + String.join(", ", names);
    }
}
