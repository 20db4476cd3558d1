package ai.thinkheads.droptrace.cli.probe;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicAdmin;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.ingest.kafka.EventPublisher;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.probes.publish.ProbeResultPublisher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droptrace probe replay FILE}: recorded probe results back onto the probe-results topic. */
@Command(name = "replay", resourceBundle = "ai.thinkheads.droptrace.cli.common.NamespaceDefault$Replay",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes recorded probe results (JSON lines, as 'probe run --results-file' writes them) to the "
                    + "probe-results topic of a namespace, with their original times, oldest first.",
            "",
            "To re-analyse an incident: replay its logs ('droptrace replay') and its probe results into one "
                    + "namespace (both use 'replay' unless --namespace says otherwise), publish the configuration of the time ('rules publish'), run 'droptrace correlate' "
                    + "on it, then 'droptrace verdicts' and 'droptrace query' with --namespace. A line that is not a "
                    + "probe result is reported and sent to the dead-letter topic.",
            "Exit code: 0, or 5 when a line was not a probe result (the others are published), 9 when not one of the "
                    + "file's first 10 lines is one (the wrong file?): one line says so, and nothing is published."
        })
public final class ProbeReplayCommand implements Callable<Integer> {

    @Mixin
    private KafkaOptions common;

    @Parameters(paramLabel = "FILE", description = "The recorded results (JSON lines).")
    private Path file;

    @Override
    public Integer call() {
        // a directory read as lines fails in readLine, past the catch below: as parse says it, before any work starts
        InputFiles.requireReadable(List.of(file));
        RecordedResults.Read read;
        // as replay reads logs: gzip too (a results file rotated and compressed), and a byte that is not UTF-8 makes its
        // line one that is not a probe result, not the whole file unreadable
        try (BufferedReader in = LineSource.open(file)) {
            read = RecordedResults.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserException(ExitCodes.USAGE, file + ": no such file");
        } catch (IOException e) {
            throw new UserException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            // nothing is published: the file is read whole before Kafka, to publish its results oldest first
            throw new UserException(ExitCodes.FAILURE, "cannot read " + file + ": " + InputFiles.whatWentWrong(e.getCause())
                    + "; nothing was published", e);
        }
        if (read.noProbeResults()) {
            // the wrong file (a firewall log, parse's output, a binary file): one line before Kafka, not a line and a dead
            // letter for each of its lines
            throw new UserException(ExitCodes.NO_FIREWALL_LINES, wrongFile(read));
        }
        // as 'droptrace replay': recorded history goes beside the logs replayed, not into what a live correlator decides on
        Namespace namespace = common.namespaceOr("replay");
        try (KafkaConnection kafka = KafkaConnection.open(common)) {
            TopicAdmin.ensure(kafka.bootstrapServers(), TopicAdmin.partitionsFor(namespace), Duration.ofSeconds(30),
                    namespace, Topics.all());
            try (ProbeResultPublisher publisher = new ProbeResultPublisher(kafka.bootstrapServers(), namespace);
                    EventPublisher deadLetters = new EventPublisher(kafka.bootstrapServers(), namespace, Map.of())) {
                read.results().forEach(publisher::accept);
                for (RecordedResults.Rejected r : read.rejected()) {
                    common.err().println("droptrace probe replay: " + r.message());
                    deadLetters.deadLetter(UnparsedLine.of(Clock.systemUTC().instant(), "not a probe result: "
                            + r.reason(), r.line(), Origin.of(r.source(), r.lineNumber())));
                }
                publisher.flush();
                deadLetters.flush();
                report(publisher.topic(), read);
            }
        }
        return read.rejected().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** The one line for a file without a probe result among its first lines. */
    private String wrongFile(RecordedResults.Read read) {
        RecordedResults.Rejected first = read.rejected().get(0);
        int lines = read.rejected().size();
        String which = read.cut() ? String.format(Locale.ROOT, "not one of its first %,d lines is a probe result", lines)
                : lines == 1 ? "its one line is not a probe result"
                : String.format(Locale.ROOT, "not one of its %,d lines is a probe result", lines);
        return file + ": " + which + " (line " + first.lineNumber() + ": " + first.reason() + "); is it the right file? "
                + "probe replay reads the JSON lines 'probe run --results-file' writes; nothing was published";
    }

    private void report(String topic, RecordedResults.Read read) {
        if (common.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("topic", topic);
            doc.put("published", read.results().size());
            doc.put("deadLettered", read.rejected().size());
            if (!read.results().isEmpty()) {
                doc.put("from", read.results().get(0).time());
                doc.put("to", read.results().get(read.results().size() - 1).time());
            }
            JsonOutput.document(common.out(), doc);
        } else {
            common.out().printf("Published %s%s to %s; %s to the dead-letter topic.%n",
                    Count.of(read.results().size(), "probe result"), read.results().isEmpty() ? "" : " ("
                            + TextTable.time(read.results().get(0).time()) + " .. "
                            + TextTable.time(read.results().get(read.results().size() - 1).time())
                            + ")", topic, Count.of(read.rejected().size(), "line"));
        }
        common.out().flush();
    }
}
