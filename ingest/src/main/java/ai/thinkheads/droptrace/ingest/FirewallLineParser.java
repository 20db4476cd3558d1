package ai.thinkheads.droptrace.ingest;

import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.ingest.journal.JournalFieldLine;
import ai.thinkheads.droptrace.ingest.journal.JournalJsonLine;
import ai.thinkheads.droptrace.ingest.kernel.DmesgTime;
import ai.thinkheads.droptrace.ingest.kernel.KernelLineParser;
import ai.thinkheads.droptrace.ingest.pve.PveFirewallLineParser;
import ai.thinkheads.droptrace.ingest.syslog.Rfc3164Parser;
import ai.thinkheads.droptrace.ingest.syslog.Rfc5424Parser;
import ai.thinkheads.droptrace.ingest.syslog.SyslogMessage;
import ai.thinkheads.droptrace.ingest.syslog.SyslogResult;
import ai.thinkheads.droptrace.ingest.syslog.SyslogYearAndZone;
import ai.thinkheads.droptrace.ingest.time.CivilTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Every firewall line droptrace reads, whatever its wrapping, through one pure function. The
 * shape is told by the first characters:
 *
 * <ul>
 *   <li>{@code 100 6 tap100i0-IN 14/Mar/2025:...}: a pve-firewall.log line ({@link PveFirewallLineParser});
 *   <li>{@code <PRI>1 ...}: RFC 5424 syslog (best effort), whose message is read again;
 *   <li>{@code <PRI>Mmm dd ...}, {@code Mmm dd ...}, {@code 2025-03-14T09:12:44...},
 *       {@code 1710404000.123456 ...}: RFC 3164 with or without PRI, rsyslog file format, journald
 *       {@code short}/{@code short-precise}/{@code short-iso}/{@code short-unix} output, ulogd LOGEMU;
 *       the message is read again;
 *   <li>{@code {"__CURSOR":...,"MESSAGE":...}}: an entry of {@code journalctl -o json}, whose message is read
 *       again at the entry's {@code __REALTIME_TIMESTAMP};
 *   <li>{@code [Thu Mar 14 09:12:44 2025] ...}: a kernel line as {@code dmesg -T} prints it, in the assumed zone;
 *   <li>{@code MESSAGE=...}, {@code __REALTIME_TIMESTAMP=...}: a field line of {@code journalctl -o export} or
 *       {@code -o verbose}, a failure that says to give {@code -o json} ({@link JournalFieldLine});
 *   <li>anything else with netfilter fields: a bare kernel LOG line (journald message text,
 *       {@code dmesg}), timed by the receive time.
 * </ul>
 *
 * A message inside syslog is a pve line when it starts like one, a status line of pvefw-logger
 * when its tag says so, and otherwise a kernel netfilter LOG line ({@link KernelLineParser}).
 */
public final class FirewallLineParser implements LineParser {

    private static final String PVEFW_LOGGER = "pvefw-logger";

    /**
     * The longest line read as a firewall line. Real ones are under 1,000 characters (a kernel LOG
     * line with an ICMP error's embedded packet included); a longer one is a failure with that
     * reason, never an event whose record Kafka would refuse.
     */
    public static final int MAX_LINE_CHARS = 65_536;

    private static final char REPLACEMENT = '\uFFFD';
    /** Added to the reason of a dead letter whose line was not valid UTF-8. */
    public static final String NOT_UTF8 = " (the line is not valid UTF-8: the bytes that are not show as U+FFFD; "
            + "the dead letter keeps the bytes as read)";

    private final PveFirewallLineParser pve = new PveFirewallLineParser();
    private final ShapeReader shapes = this::parseShape; // one for all lines: no object per line
    private final Rfc5424Parser rfc5424 = Rfc5424Parser.forFirewallLines();
    private final Rfc3164Parser rfc3164;
    private final SyslogYearAndZone yearAndZone;
    private final String host;

    public FirewallLineParser(SyslogYearAndZone yearAndZone) {
        this(yearAndZone, null);
    }

    /**
     * A parser for lines of one node: {@code host} (may be {@code null}) names it on every event and status
     * line whose line does not name a host itself (pve-firewall.log lines never do; a syslog header does).
     */
    public FirewallLineParser(SyslogYearAndZone yearAndZone, String host) {
        this.rfc3164 = new Rfc3164Parser(false, yearAndZone);
        this.yearAndZone = yearAndZone;
        this.host = host == null || host.isBlank() ? null : host;
    }

    @Override
    public String host() {
        return host;
    }

    /**
     * Lines so far whose timestamp carried no zone (RFC 3164's, which carries no year either, journalctl's
     * {@code short-full} and {@code dmesg -T}'s local times): the zone (and year) given or inferred were used.
     */
    public long yearlessTimestamps() {
        return rfc3164.localTimes();
    }

    /** The dates those lines got, and how many lay in an hour a fall-back repeats ({@link Rfc3164Parser#localTimesRead()}). */
    public String yearlessTimestampsRead() {
        return rfc3164.localTimesRead();
    }

    @Override
    public ParseResult parse(String line, Origin origin) {
        return parse(line, origin, null);
    }

    @Override
    public ParseResult parse(String line, Origin origin, Instant received) {
        ParseResult result = guarded(line, origin, received, shapes);
        if (result instanceof ParseResult.Parsed p && p.event().time().getEpochSecond() < 0) {
            // Kafka Streams skips a record whose event time is negative: it would vanish in the correlator.
            return new ParseResult.Failed("a time before 1970 (" + p.event().time()
                    + "), which Kafka and the correlator cannot place", line);
        }
        if (result instanceof ParseResult.Failed f && line.indexOf(REPLACEMENT) >= 0) {
            // The readers decode UTF-8 with each byte that is not as U+FFFD: the dead letter says its line was altered.
            return new ParseResult.Failed(f.reason() + NOT_UTF8, f.line());
        }
        return host == null ? result : onHost(result);
    }

    /** How a line is read, a seam for the guard's test. */
    @FunctionalInterface
    interface ShapeReader {
        ParseResult read(String line, Origin origin, Instant received);
    }

    /**
     * What {@code reader} makes of {@code line}, or, when it throws (a line no test foresaw met a bug of the parser),
     * a failure that names the exception: the line becomes a dead letter and the ingest goes on, instead of a reader
     * stopping or a line lost unsaid.
     */
    static ParseResult guarded(String line, Origin origin, Instant received, ShapeReader reader) {
        try {
            return reader.read(line, origin, received);
        } catch (RuntimeException e) {
            return new ParseResult.Failed("droptrace's parser failed on this line (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "), a bug: please report it with the line", line);
        }
    }

    private ParseResult onHost(ParseResult result) {
        if (result instanceof ParseResult.Parsed p && p.event().host() == null) {
            return new ParseResult.Parsed(p.event().withHost(host));
        }
        if (result instanceof ParseResult.Status s && s.host() == null) {
            return new ParseResult.Status(s.kind(), s.time(), s.zoneOffset(), host, s.level(), s.text(), s.skipped());
        }
        return result;
    }

    private ParseResult parseShape(String line, Origin origin, Instant received) {
        int i = 0;
        int n = line.length();
        if (n > MAX_LINE_CHARS) {
            // Not its length: a reader may have cut a longer one already (LineBlockReader.MAX_LINE_BYTES).
            return new ParseResult.Failed(String.format(Locale.ROOT,
                    "a line longer than the %,d characters a firewall line can have", MAX_LINE_CHARS), line);
        }
        if (n > 0 && line.charAt(0) == '\u0000') {
            return afterNulPadding(line, origin, received);
        }
        if (n > 0 && line.charAt(0) == '\uFEFF') {
            i = 1;
        }
        if (i >= n || Character.isWhitespace(line.charAt(i)) && line.isBlank()) {
            return ParseResult.BLANK;
        }
        char c = line.charAt(i);
        if (c >= '0' && c <= '9') {
            if (PveFirewallLineParser.looksLike(line, i)) {
                return pve.parse(line, i, origin);
            }
            if (line.length() > i + 19 && line.charAt(i + 4) == '-' && line.charAt(i + 10) == 'T') {
                return wrapped(rfc3164.parse(line, i), line, origin, received, true);
            }
            if (epochSeconds(line, i)) {
                return wrapped(rfc3164.parse(line, i), line, origin, received, false);
            }
        } else if (c == '<') {
            ParseResult raw = dmesgRaw(line, i, origin, received);
            if (raw != null) {
                return raw;
            }
            if (Rfc5424Parser.looksLike(line, i)) {
                return wrapped(rfc5424.parse(line), line, origin, received, true);
            }
            int t = line.indexOf('>', i) + 1;
            while (t > 0 && t < n && line.charAt(t) == ' ') {
                t++;
            }
            boolean iso = t > 0 && t < n && line.charAt(t) >= '0' && line.charAt(t) <= '9';
            return wrapped(rfc3164.parse(line, i), line, origin, received, iso);
        } else if (CivilTime.month(line, i) > 0 && line.length() > i + 3 && line.charAt(i + 3) == ' ') {
            return wrapped(rfc3164.parse(line, i), line, origin, received, false);
        } else if (c == '{') {
            return jsonPunctuation(line, i) ? new ParseResult.Failed(JSON_PRETTY, line) : journal(line, i, origin);
        } else if (c == '\u001e' && i + 1 < n && line.charAt(i + 1) == '{') {
            return journal(line, i + 1, origin); // journalctl -o json-seq: RFC 7464's record separator first
        } else if (c == 'd' && line.startsWith("data: {", i)) {
            return journal(line, i + 6, origin); // journalctl -o json-sse
        } else if (Rfc3164Parser.weekdayDate(line, i)) {
            return wrapped(rfc3164.parse(line, i), line, origin, received, false); // journalctl -o short-full
        } else if (c == '[' && DmesgTime.looksLike(line, i)) {
            OffsetDateTime local = DmesgTime.read(line, i, yearAndZone);
            if (local == null) {
                return new ParseResult.Failed("not a time in dmesg -T's bracket: " + line.substring(i, i + 26), line);
            }
            rfc3164.assumedZone(local, true); // a local time: the summary's note says the zone it was read in
            return KernelLineParser.parse(line, DmesgTime.end(line, i), local.toInstant(), null, null,
                    KernelLineParser.DEFAULT_LEVEL, null, origin);
        } else if (c == ' ' || c == '[') {
            // a conntrack line: "    [NEW] ..." right-aligned to 9 characters, so "[DESTROY] ..." has no space before it
            ParseResult conntrack = pve.parse(line, i, origin);
            if (conntrack instanceof ParseResult.Status) {
                return conntrack;
            }
            ParseResult monotonic = shortMonotonic(line, i, origin, received);
            if (monotonic != null) {
                return monotonic;
            }
        }
        if (c >= 'a' && c <= 'z') {
            ParseResult decoded = dmesgDecoded(line, i, origin, received);
            if (decoded != null) {
                return decoded;
            }
        }
        int indented = afterIndentation(line, i);
        if (indented > 0) {
            return parseShape(line.substring(indented), origin, received);
        }
        int afterGrep = afterGrepPrefix(line, i);
        if (afterGrep > 0) {
            return parseShape(line.substring(afterGrep), origin, received);
        }
        ParseResult pvesh = pveshOutput(line, i, origin);
        if (pvesh != null) {
            return pvesh;
        }
        if (JournalFieldLine.looksLike(line, i)) {
            return new ParseResult.Failed(JournalFieldLine.REASON, line);
        }
        if (jsonPunctuation(line, i)) {
            return new ParseResult.Failed(JSON_PRETTY, line);
        }
        if (line.indexOf('\u0000', i) >= 0) {
            // no text line holds a NUL byte: binary data, such as the length and bytes journalctl -o export
            // writes for a field that is not text, would otherwise be a kernel line with the bytes as its prefix
            return new ParseResult.Failed("binary data, not a text line (it holds NUL bytes; journalctl -o export "
                    + "writes a message that is not text as its length and bytes): give journalctl -o json", line);
        }
        return KernelLineParser.parse(line, i, received, null, null, KernelLineParser.DEFAULT_LEVEL, null, origin);
    }

    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug");
    /** The facilities as util-linux's dmesg names them (a kernel LOG prefix such as {@code block:err:} is none). */
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5",
            "local6", "local7");

    /**
     * {@code dmesg -x} ({@code --decode}): the facility and level in words before the line ({@code kern  :warn  : [Thu
     * Mar  7 09:13:20 2024] [UFW BLOCK] ...}): the line after them, at that level; {@code null} for any other line.
     */
    private ParseResult dmesgDecoded(String line, int i, Origin origin, Instant received) {
        int facilityEnd = i;
        while (facilityEnd < line.length() && Character.isLetterOrDigit(line.charAt(facilityEnd))) {
            facilityEnd++;
        }
        int colon = skipSpaces(line, facilityEnd);
        if (colon >= line.length() || line.charAt(colon) != ':' || !FACILITIES.contains(line.substring(i, facilityEnd))) {
            return null;
        }
        int levelEnd = colon + 1;
        while (levelEnd < line.length() && line.charAt(levelEnd) >= 'a' && line.charAt(levelEnd) <= 'z') {
            levelEnd++;
        }
        int level = LEVELS.indexOf(line.substring(colon + 1, levelEnd));
        int second = skipSpaces(line, levelEnd);
        if (level < 0 || second >= line.length() - 1 || line.charAt(second) != ':' || line.charAt(second + 1) != ' ') {
            return null;
        }
        ParseResult result = parseShape(line.substring(second + 2), origin, received);
        if (result instanceof ParseResult.Parsed p && p.event().level() != level) {
            FirewallEvent e = p.event();
            return new ParseResult.Parsed(new FirewallEvent(e.schema(), e.time(), e.zoneOffset(), e.host(), e.vmid(),
                    level, e.chain(), e.action(), e.policy(), e.message(), e.backend(), e.packet(), e.line(), e.origin()));
        }
        return result;
    }

    /**
     * {@code dmesg -r}: the kernel's own {@code <level>} before the uptime stamp ({@code <4>[  307.757925] ...}),
     * a kernel line at that level timed by the time of reading; {@code null} for any other line.
     */
    private static ParseResult dmesgRaw(String line, int i, Origin origin, Instant received) {
        int k = i + 1;
        int level = 0;
        while (k < line.length() && k - i <= 4 && line.charAt(k) >= '0' && line.charAt(k) <= '9') {
            level = level * 10 + line.charAt(k) - '0';
            k++;
        }
        if (k == i + 1 || k >= line.length() - 1 || line.charAt(k) != '>' || line.charAt(k + 1) != '['
                || KernelLineParser.skipUptime(line, k + 1) == k + 1) {
            return null;
        }
        return KernelLineParser.parse(line, k + 1, received, null, null, level & 7, null, origin);
    }

    /**
     * {@code journalctl -o short-monotonic}: the uptime stamp, the host and the tag ({@code [ 307.757925] pve1
     * kernel: ...}), a kernel line of that host timed by the time of reading, or, as in journalctl's other short
     * formats, a pve line in its message and a status line of pvefw-logger ({@code pvefw-logger[1234]: starting pvefw
     * logger}; before, a dead letter for want of netfilter fields); {@code null} for any other line.
     */
    private ParseResult shortMonotonic(String line, int i, Origin origin, Instant received) {
        int open = skipSpaces(line, i);
        int host = KernelLineParser.skipUptime(line, i);
        if (open >= line.length() || line.charAt(open) != '[' || host <= open || host >= line.length()) {
            return null;
        }
        int space = line.indexOf(' ', host);
        int field = line.indexOf('=', host);
        if (space <= host || field >= 0 && field < space) {
            return null;
        }
        int text = line.startsWith(" kernel: ", space) ? space + 9 : loggerMessage(line, space + 1);
        if (text < 0) {
            return null;
        }
        String hostName = line.substring(host, space);
        if (PveFirewallLineParser.looksLike(line, text)) {
            return pve.parse(line, text, hostName, origin);
        }
        return message(line, text, null, received, null, hostName, KernelLineParser.DEFAULT_LEVEL,
                text == space + 9 ? "kernel" : PVEFW_LOGGER, origin);
    }

    /** Where the message starts after the tag {@code pvefw-logger[PID]: } or {@code pvefw-logger: } at {@code k}; -1. */
    private static int loggerMessage(String line, int k) {
        if (!line.startsWith(PVEFW_LOGGER, k)) {
            return -1;
        }
        int end = k + PVEFW_LOGGER.length();
        if (end < line.length() && line.charAt(end) == '[') {
            end = line.indexOf(']', end) + 1;
            if (end == 0) {
                return -1;
            }
        }
        return line.startsWith(": ", end) ? end + 2 : -1;
    }

    private static final String PVESH_HINT = "give the log lines themselves, e.g. pvesh get /nodes/NODE/firewall/log "
            + "--output-format json | jq -r '.[].t'";

    /**
     * What {@code pvesh get /nodes/NODE/firewall/log} prints (the API's {@code [{"n":1,"t":"<line>"}, ...]}):
     * a row of its text table with a pve line in a cell is that line; its JSON, where one line holds
     * many log lines or a piece of one, is a failure that says how to get the lines. {@code null} for
     * any other line.
     */
    private ParseResult pveshOutput(String line, int i, Origin origin) {
        char c = line.charAt(i);
        int last = c == '\u2502' || c == '|' ? lastVisible(line) : -1;
        if (last > i && line.charAt(last) == c) {
            // a table row, with box-drawing or ASCII borders at both ends (a kernel prefix "|DROP| " has one)
            int from = i + 1;
            while (from < line.length()) {
                int end = line.indexOf(c, from);
                int cellEnd = end < 0 ? line.length() : end;
                String cell = line.substring(from, cellEnd).strip();
                if (PveFirewallLineParser.looksLike(cell, 0)) {
                    return pve.parse(cell, 0, origin);
                }
                from = cellEnd + 1;
            }
            return null; // the header row, or a table of something else: read as any other line
        }
        int k = skipSpaces(line, i);
        if (k < line.length() && line.charAt(k) == '"' && journalFieldName(line, k)) {
            return new ParseResult.Failed(JSON_PRETTY, line);
        }
        if (k < line.length()
                && (line.charAt(k) == '"' || line.charAt(k) == '[' && line.startsWith("{", skipSpaces(line, k + 1)))) {
            return new ParseResult.Failed("JSON, not a log line (pvesh's --output-format json?): " + PVESH_HINT, line);
        }
        return null;
    }

    private static final String JSON_PRETTY = "a piece of a JSON object spread over lines (journalctl -o json-pretty, "
            + "or jq without -c): give one object a line, journalctl -o json or jq -c";

    /** Whether {@code "NAME" :} at {@code k} names a journal field (upper case, digits, underscores). */
    private static boolean journalFieldName(String line, int k) {
        int end = k + 1;
        while (end < line.length() && (line.charAt(end) == '_' || line.charAt(end) >= 'A' && line.charAt(end) <= 'Z'
                || line.charAt(end) >= '0' && line.charAt(end) <= '9')) {
            end++;
        }
        return end > k + 1 && end < line.length() && line.charAt(end) == '"'
                && line.startsWith(":", skipSpaces(line, end + 1));
    }

    /**
     * Whether the line is only a brace or bracket of pretty-printed JSON ({@code {}, {@code },}, {@code ]}, {@code ],}),
     * or an indented byte value of an array ({@code \t\t68,}): journalctl -o json-pretty writes a field that is not
     * text (not UTF-8, or holding a control character such as a CR) as an array of its bytes, one a line; before, each
     * of them was a dead letter for its want of netfilter fields.
     */
    private static boolean jsonPunctuation(String line, int i) {
        int from = skipSpaces(line, i);
        int to = lastVisible(line) + 1; // no copy of the line: every journal entry passes here
        if (to - from == 2 && (line.charAt(from) == '}' || line.charAt(from) == ']') && line.charAt(from + 1) == ',') {
            return true;
        }
        if (to - from == 1 && "{}[]".indexOf(line.charAt(from)) >= 0) {
            return true;
        }
        int digits = to > from && line.charAt(to - 1) == ',' ? to - 1 - from : to - from;
        return from > i && digits >= 1 && digits <= 3 && CivilTime.digits(line, from, digits) >= 0;
    }

    /** The index of the last character that is not white space, -1 for none (no copy of the line made). */
    private static int lastVisible(String s) {
        int k = s.length() - 1;
        while (k >= 0 && Character.isWhitespace(s.charAt(k))) {
            k--;
        }
        return k;
    }

    private static int skipSpaces(String s, int k) {
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
            k++;
        }
        return k;
    }

    /**
     * Where the log line starts after the prefix {@code grep} puts in front of it when it searched
     * several files or was given {@code -n} ({@code FILE:}, {@code FILE:N:}, {@code N:}), or -1 when
     * the line has no such prefix in front of a line droptrace reads (a pve line, syslog, a journald or
     * dmesg time). Without this, {@code grep DROP /var/log/pve-firewall.log* | droptrace parse} gave
     * kernel-line events at the time of reading, with the file name as their prefix.
     */
    private static int afterGrepPrefix(String line, int i) {
        // one pass to the first colon, ended early by what no file name or line number holds
        int colon = i;
        for (int limit = Math.min(line.length(), i + 4097); colon < limit && line.charAt(colon) != ':'; colon++) {
            char c = line.charAt(colon);
            if (c == ' ' || c == '=' || c == '[') {
                return -1; // a kernel prefix or field, not a file name or a line number
            }
        }
        if (colon == i || colon >= line.length() || line.charAt(colon) != ':') {
            return -1;
        }
        int start = colon + 1;
        int digits = start;
        while (digits < line.length() && line.charAt(digits) >= '0' && line.charAt(digits) <= '9') {
            digits++;
        }
        if (digits > start && digits < line.length() && line.charAt(digits) == ':' && logLine(line, digits + 1)) {
            return digits + 1; // FILE:N:
        }
        return logLine(line, start) ? start : -1;
    }

    /**
     * Where the log line starts after the white space in front of it (a line copied from a mail, a web page or an
     * indented note) or the line number {@code cat -n} and {@code nl} put there ({@code "     1\t"}), or -1 when no
     * line droptrace reads by its start follows. Without this such a pve line was a kernel line timed by its reading,
     * with vmid 0, chain {@code -} and its header as the prefix.
     */
    private static int afterIndentation(String line, int i) {
        int k = skipSpaces(line, i);
        if (k < line.length() && line.charAt(k) >= '0' && line.charAt(k) <= '9' && !logLine(line, k)) {
            int digits = k;
            while (digits < line.length() && line.charAt(digits) >= '0' && line.charAt(digits) <= '9') {
                digits++;
            }
            if (digits < line.length() && line.charAt(digits) == '\t') {
                k = digits + 1; // cat -n, nl
            }
        }
        return k > i && logLine(line, k) ? k : -1;
    }

    /**
     * Whether a line droptrace reads by its start (not a bare kernel line) starts at {@code k}; or a kernel line after
     * the uptime stamp of {@code dmesg} or {@code journalctl -o short-monotonic} ({@code [  307.757925] ...}), whose
     * prefix a grep prefix in front of it became part of before ({@code dmesg.txt:[  307.757925] [UFW BLOCK]}).
     */
    private static boolean logLine(String s, int k) {
        if (k >= s.length()) {
            return false;
        }
        char c = s.charAt(k);
        return PveFirewallLineParser.looksLike(s, k) || c == '<' || c == '{' && s.indexOf("\"MESSAGE\"", k) > 0
                || CivilTime.month(s, k) > 0 && s.length() > k + 3 && s.charAt(k + 3) == ' '
                || s.length() > k + 19 && s.charAt(k + 4) == '-' && s.charAt(k + 10) == 'T'
                || DmesgTime.looksLike(s, k) || c == '[' && KernelLineParser.skipUptime(s, k) > k;
    }

    /**
     * A line after NUL bytes: what a file system leaves in a log file after a crash (the blocks the
     * size had grown to but no data reached). The padding is no data: the line after it is read as if
     * it started there, and a line of padding alone is a failure that says so.
     */
    private ParseResult afterNulPadding(String line, Origin origin, Instant received) {
        int k = 0;
        while (k < line.length() && line.charAt(k) == '\u0000') {
            k++;
        }
        if (k == line.length()) {
            return new ParseResult.Failed(String.format(Locale.ROOT,
                    "%,d NUL bytes and nothing else (a file's padding after a crash)", k), line);
        }
        return parseShape(line.substring(k), origin, received);
    }

    /**
     * An entry of {@code journalctl -o json}: its message read as a pve line, a conntrack or
     * pvefw-logger status line, or a kernel line, at the time the journal received it.
     */
    private ParseResult journal(String line, int i, Origin origin) {
        JournalJsonLine entry;
        try {
            entry = JournalJsonLine.read(line, i);
        } catch (JournalJsonLine.NotAnEntry e) {
            return new ParseResult.Failed(e.getMessage(), line);
        }
        String message = entry.message();
        if (PveFirewallLineParser.looksLike(message, 0)) {
            return pve.parse(message, 0, entry.host(), origin);
        }
        if (entry.time() == null) {
            return new ParseResult.Failed("a journald entry without __REALTIME_TIMESTAMP", line);
        }
        int level = entry.priority() < 0 ? KernelLineParser.DEFAULT_LEVEL : entry.priority();
        return message(message, 0, entry.time(), entry.time(), null, entry.host(), level, entry.identifier(), origin);
    }

    /** journald's short-unix: 9 to 12 digits of seconds and a point ({@code 1710404000.123456 host ...}). */
    private static boolean epochSeconds(String line, int i) {
        int k = i;
        while (k < line.length() && k - i <= 12 && line.charAt(k) >= '0' && line.charAt(k) <= '9') {
            k++;
        }
        return k - i >= 9 && k - i <= 12 && k < line.length() && line.charAt(k) == '.';
    }

    private ParseResult wrapped(SyslogResult result, String line, Origin origin, Instant received,
            boolean zoneWritten) {
        SyslogMessage m = result.message();
        if (!result.ok() && (m == null || m.message() == null)) {
            return new ParseResult.Failed("not a syslog line: " + result.error(), line);
        }
        if (m.message() == null || m.messageStart() < 0) {
            return new ParseResult.Failed("syslog message without text", line);
        }
        int at = m.messageStart();
        if (at < line.length() && line.charAt(at) == '\uFEFF') {
            at++;
        }
        int repeated = repeatedMessage(line, at);
        if (repeated > 0) {
            line = line.substring(0, lastVisible(line)); // without the bracket that closes the repeated message
            at = repeated;
        }
        String host = m.hostname();
        int level = m.severity() == null ? KernelLineParser.DEFAULT_LEVEL : m.severity();
        if (PveFirewallLineParser.looksLike(line, at)) {
            return pve.parse(line, at, host, origin);
        }
        Instant time = m.timestamp();
        Instant when = time != null ? time : received;
        // The offset as pve writes it (+0100) when the line wrote one; null for RFC 3164's assumed zone.
        String zone = zoneWritten && time != null ? ZoneText.of(m.offsetSeconds()) : null;
        return message(line, at, time, when, zone, host, level, m.appName(), origin);
    }

    private static final String REPEATED = "message repeated ";

    /**
     * Where the message starts in rsyslog's summary of a message that came again ({@code RepeatedMsgReduction}, on in
     * Ubuntu's rsyslog.conf: {@code message repeated 2 times: [ [UFW BLOCK] IN=eth0 ...]}, an IPv6 SYN sent again
     * writes the same line), or -1 for any other message. Read as its message, it is one event, with the fields and
     * prefix of its line (the repeats are in its raw line's text only); before, its event had the prefix
     * {@code message repeated 2 times: [ [UFW BLOCK]}, and a UDP line's last field ({@code LEN=20]}) made it a dead letter.
     */
    private static int repeatedMessage(String line, int at) {
        int from = skipSpaces(line, at); // rsyslog writes " message repeated ...": a template may keep its space
        if (!line.startsWith(REPEATED, from)) {
            return -1;
        }
        int k = from + REPEATED.length();
        int digits = k;
        while (k < line.length() && line.charAt(k) >= '0' && line.charAt(k) <= '9') {
            k++;
        }
        int last = lastVisible(line);
        if (k == digits || !line.startsWith(" times: [", k) || line.charAt(last) != ']') {
            return -1;
        }
        k += " times: [".length();
        if (k < last && line.charAt(k) == ' ') {
            k++; // rsyslog's message property starts with the space after the tag
        }
        return k < last ? k : -1;
    }

    /**
     * A message from {@code at} that is not a pve line: a conntrack line, a status line of
     * pvefw-logger (told by its tag), or a kernel line.
     *
     * @param time the time the wrapping wrote, or {@code null}
     * @param when {@code time}, or the receive time when there is none
     */
    private static ParseResult message(String text, int at, Instant time, Instant when, String zone, String host,
            int level, String tag, Origin origin) {
        ParseResult.Status conntrack = PveFirewallLineParser.conntrack(text, at, time, zone, host);
        if (conntrack != null) {
            return conntrack;
        }
        if (PVEFW_LOGGER.equals(tag)) {
            return PveFirewallLineParser.statusOf(when, zone, host, level, text.substring(at).strip());
        }
        return KernelLineParser.parse(text, at, when, zone, host, level, tag, origin);
    }
}
