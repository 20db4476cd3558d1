package ai.thinkheads.droptrace.cli.trace;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.InputFiles;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.BulkStdout;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.core.event.LoggerStatus;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.firewall.trace.Attribution;
import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.ingest.ParseResult;
import ai.thinkheads.droptrace.ingest.pipeline.ReadFailure;
import ai.thinkheads.droptrace.ingest.pve.PveFirewallLineParser;
import ai.thinkheads.droptrace.ingest.replay.LineSource;
import ai.thinkheads.droptrace.ingest.replay.NotPlainText;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code droptrace trace --log-line/--log-file}: each packet line to the rule that wrote it. */
final class LogAttribution {

    /** The answer for one line (JSON output). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LineAttribution(long line, String text, String skipped, Attribution attribution) {
    }

    /** Where the pvefw-logger header starts inside a wrapped (syslog) line. */
    private static final Pattern HEADER = Pattern.compile("\\b\\d+ [0-7] \\S+ \\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4} ");

    private final OutputOptions common;
    private final RuleTracer tracer;
    private final PveFirewallLineParser parser = new PveFirewallLineParser();
    private int unattributed;
    private long read;
    private long notFirewall;
    private long status;
    private long blank;
    /** Packet lines by the answer: RULE, POLICY, BUILTIN, NO_WRITER, UNKNOWN_CHAIN. */
    private final EnumMap<Attribution.Status, Long> answers = new EnumMap<>(Attribution.Status.class);

    LogAttribution(OutputOptions common, RuleTracer tracer) {
        this.common = common;
        this.tracer = tracer;
    }

    /** {@code --log-line}s that hold no line are a usage error ({@code null}: none given). */
    static void checkLines(List<String> lines) {
        if (lines != null && lines.stream().allMatch(String::isBlank)) {
            throw new UserException(ExitCodes.USAGE, "--log-line is empty: give a pve-firewall.log line");
        }
    }

    int run(List<String> lines, Path file) {
        if (lines != null) {
            checkLines(lines);
            for (int i = 0; i < lines.size(); i++) {
                one(i + 1, lines.get(i), "--log-line");
            }
        } else {
            // as every other log reader: gzip (rotated pve-firewall.log.2.gz) and bytes that are not
            // UTF-8 (other daemons' lines in a syslog file) are read, not a reason to stop; '-' is stdin, as for
            // parse and replay
            boolean stdin = file.equals(STDIN);
            if (!stdin) {
                InputFiles.requireReadable(List.of(file));
                InputFiles.requirePlainOrGzip(List.of(file), "trace ... --log-file");
            }
            long n = 0;
            try (BufferedReader reader = stdin ? LineSource.open(System.in) : LineSource.open(file)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    one(++n, line, name(file));
                }
            } catch (IOException e) {
                if (e instanceof NotPlainText) { // stdin told by its first bytes: the pipe that reads it, as parse says
                    throw InputFiles.failedWhileReading(new ReadFailure(name(file), n, e));
                }
                // as every other reader of logs: a truncated or corrupt gzip file in words, and where it stopped
                common.out().flush();
                throw new UserException(ExitCodes.FAILURE, "cannot read " + name(file) + ": " + InputFiles.whatWentWrong(e)
                        + (n == 0 ? " at its start" : " after line " + n + "; the lines before it were attributed"), e);
            }
        }
        if (read == 0) {
            // an empty file is no error, but silence would read as "every line attributed"
            common.err().println("droptrace: " + name(file) + " has no lines to attribute");
            common.err().flush();
        } else if (notFirewall == read) {
            // as parse and replay: a wrong file is not "every packet line attributed"
            // "not one of the 1 lines read ...; is it the right file?" for the one --log-line given read wrong
            common.err().println(lines != null
                    ? (read == 1 ? "droptrace: the --log-line given is not a pve-firewall.log line"
                            : String.format(java.util.Locale.ROOT, "droptrace: not one of the %,d --log-line lines given "
                                    + "is a pve-firewall.log line", read))
                    : read == 1 ? "droptrace: the one line read is not a pve-firewall.log line; is it the right file?"
                    : String.format(java.util.Locale.ROOT, "droptrace: not one of the %,d lines read is a pve-firewall.log "
                            + "line; is it the right file?", read));
            common.err().flush();
            return ExitCodes.NO_FIREWALL_LINES;
        }
        if (lines == null) {
            // a file of thousands of lines: what became of each, so that exit 5 says how many and of what kind
            common.err().println("droptrace: " + summary());
            common.err().flush();
        }
        return unattributed == 0 ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** What became of the lines read; the counts add up to the lines read. */
    String summary() {
        long packets = answers.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder(Count.of(read, "line") + " read: " + Count.of(packets, "packet line"));
        if (packets > 0) {
            sb.append(", ").append(answers(true)).append(" attributed");
            if (unattributed > 0) {
                sb.append(", ").append(answers(false)).append(" not");
            }
        }
        if (status > 0) {
            sb.append("; ").append(Count.of(status, "logger status or conntrack line"));
        }
        if (notFirewall > 0) {
            sb.append("; ").append(Count.of(notFirewall, "line")).append(" not of pve-firewall.log");
        }
        if (blank > 0) {
            sb.append("; ").append(Count.of(blank, "blank line")).append(" skipped");
        }
        return sb.toString();
    }

    /** {@code 20 (17 RULE, 2 POLICY, 1 BUILTIN)}: the packet lines attributed (or not) and by which answer. */
    private String answers(boolean attributed) {
        long total = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Attribution.Status, Long> a : answers.entrySet()) {
            Attribution.Status st = a.getKey();
            boolean named = st == Attribution.Status.RULE || st == Attribution.Status.POLICY || st == Attribution.Status.BUILTIN;
            if (named == attributed) {
                total += a.getValue();
                parts.add(String.format(java.util.Locale.ROOT, "%,d %s", a.getValue(), a.getKey()));
            }
        }
        return String.format(java.util.Locale.ROOT, "%,d", total) + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /** {@code --log-file -}: the log on stdin. */
    private static final Path STDIN = Path.of("-");

    private static String name(Path file) {
        return file.equals(STDIN) ? "stdin" : file.toString();
    }

    /** Why a line is skipped, said once: the header's reasons already begin "not a pve-firewall line: ". */
    static String notFirewallLine(String reason) {
        String said = "not a pve-firewall line: ";
        return "not a pve-firewall log line: " + (reason.startsWith(said) ? reason.substring(said.length()) : reason);
    }

    private void one(long n, String line, String source) {
        if (line.isBlank()) {
            blank++;
            return;
        }
        read++;
        ParseResult parsed = parse(line, Origin.of(source, n));
        if (!(parsed instanceof ParseResult.Parsed p)) {
            if (parsed instanceof ParseResult.Failed) {
                notFirewall++;
            } else {
                status++;
            }
            String why = parsed instanceof ParseResult.Status st ? (st.kind() == LoggerStatus.Kind.CONNTRACK
                    ? "not a packet line (a conntrack line: the host option log_nf_conntrack)"
                    : "not a packet line (a pvefw-logger status line)")
                    : notFirewallLine(((ParseResult.Failed) parsed).reason());
            print(new LineAttribution(n, line, why, null));
            return;
        }
        Attribution a = tracer.attribute(p.event());
        if (!a.attributed()) {
            unattributed++;
        }
        answers.merge(a.status(), 1L, Long::sum);
        print(new LineAttribution(n, line, null, a));
    }

    private ParseResult parse(String line, Origin origin) {
        ParseResult r = parser.parse(line, origin);
        if (r instanceof ParseResult.Failed) {
            Matcher m = HEADER.matcher(line);
            if (m.find() && m.start() > 0) {
                return parser.parse(line.substring(m.start()), origin);
            }
        }
        return r;
    }

    private void print(LineAttribution la) {
        if (common.json()) {
            JsonOutput.line(common.out(), la);
            BulkStdout.requireOpen(common.out());
            return;
        }
        // The explanation and a skipped line's reason quote the line (its chain, its prefix): shown as tables show text.
        common.out().println("line " + la.line() + ": " + Terminal.visible(la.skipped() != null ? "skipped, " + la.skipped()
                : la.attribution().status() + ": " + la.attribution().explanation()));
        if (la.attribution() != null) {
            la.attribution().candidates().forEach(c -> common.out().println("  candidate "
                    + Terminal.visible(c.location() + "  " + c.text())));
        }
        common.out().flush();
        // '--log-file pve-firewall.log | head': stop reading, 141, as parse does, not every line attributed unread
        BulkStdout.requireOpen(common.out());
    }
}
