package ai.thinkheads.droptrace.ingest.syslog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 5424 syslog messages: {@code <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP
 * MSGID SP STRUCTURED-DATA [SP MSG]}, nil values ({@code -}) and all. Strict mode rejects any
 * deviation with the reason and its column; best-effort mode also returns the fields read before
 * the error. With {@code compliantMessage}, a message that starts with a BOM must be valid UTF-8
 * (checked by {@link #parse(byte[], int, int)}).
 */
public final class Rfc5424Parser {

    static final String E_PRI_BRACKETS = "expecting a priority value within angle brackets";
    static final String E_PRI_VALUE = "expecting a priority value in the range 1-191 or equal to 0";
    static final String E_VERSION = "expecting a version value in the range 1-999";
    static final String E_TIMESTAMP = "expecting a RFC3339MICRO timestamp or a nil value";
    static final String E_HOSTNAME = "expecting an hostname (from 1 to max 255 US-ASCII characters) or a nil value";
    static final String E_APPNAME = "expecting an app-name (from 1 to max 48 US-ASCII characters) or a nil value";
    static final String E_PROCID = "expecting a procid (from 1 to max 128 US-ASCII characters) or a nil value";
    static final String E_MSGID = "expecting a msgid (from 1 to max 32 US-ASCII characters) or a nil value";
    static final String E_SD = "expecting a structured data section containing one or more elements "
            + "(`[id( key=\"value\")*]+`) or a nil value";
    static final String E_SDID = "expecting a structured data element id (from 1 to max 32 US-ASCII characters; "
            + "except `=`, ` `, `]`, and `\"`";
    static final String E_SDPARAM = "expecting a structured data parameter (`key=\"value\"`, both part from 1 to max 32 "
            + "US-ASCII characters; key cannot contain `=`, ` `, `]`, and `\"`, while value cannot contain `]`, "
            + "backslash, and `\"` unless escaped)";
    static final String E_ESCAPE = "expecting chars `]`, `\"`, and `\\` to be escaped within param value";
    static final String E_MSG = "expecting a free-form optional message in UTF-8 (starting with or without BOM) or a "
            + "free-form optional message in any encoding (starting without BOM)";
    static final String E_PARSE = "parsing error";
    static final String E_DUPLICATE_SD = "duplicate structured data element id";

    private final boolean bestEffort;
    private final boolean compliantMessage;
    private final int maxFraction;

    public Rfc5424Parser(boolean bestEffort, boolean compliantMessage) {
        this(bestEffort, compliantMessage, 6);
    }

    private Rfc5424Parser(boolean bestEffort, boolean compliantMessage, int maxFraction) {
        this.bestEffort = bestEffort;
        this.compliantMessage = compliantMessage;
        this.maxFraction = maxFraction;
    }

    /** Strict parser that accepts any message encoding. */
    public static Rfc5424Parser strict() {
        return new Rfc5424Parser(false, false);
    }

    public static Rfc5424Parser bestEffort() {
        return new Rfc5424Parser(true, false);
    }

    /**
     * Best effort, and a timestamp's fraction may have up to 9 digits: RFC 5424 allows 6, but senders
     * that keep nanoseconds write 9 (RFC 5424 built with Vector's VRL, whose timestamps print with
     * nanoseconds), and a firewall line is not to be lost for that.
     */
    public static Rfc5424Parser forFirewallLines() {
        return new Rfc5424Parser(true, false, 9);
    }

    /**
     * True when {@code text} at {@code from} starts like RFC 5424: {@code <PRI>}, a version of one to
     * three digits (the first 1-9) and a space. {@code <PRI>} and a date ({@code <4>2025-03-14T09:12:44...},
     * rsyslog's {@code RSYSLOG_ForwardFormat}) is RFC 3164's header with an RFC 3339 time, not RFC 5424.
     */
    public static boolean looksLike(String text, int from) {
        int close = text.indexOf('>', from);
        if (!text.startsWith("<", from) || close <= from || close > from + 4 || close + 1 >= text.length()
                || text.charAt(close + 1) < '1' || text.charAt(close + 1) > '9') {
            return false;
        }
        int k = close + 2;
        while (k < text.length() && k <= close + 3 && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
            k++;
        }
        return k < text.length() && text.charAt(k) == ' ';
    }

    public SyslogResult parse(String text) {
        return new Rfc5424Reader(text, bestEffort, maxFraction).read();
    }

    /**
     * Parses raw bytes. Without {@code compliantMessage} the bytes are read as UTF-8 with invalid
     * sequences replaced; with it, a message starting with a BOM that is not valid UTF-8 is an error.
     */
    public SyslogResult parse(byte[] bytes, int offset, int length) {
        int bad = Utf8.firstInvalid(bytes, offset, offset + length);
        if (bad < 0) {
            return parse(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
        SyslogResult result = parse(Utf8.decodeBytewise(bytes, offset, offset + length));
        SyslogMessage whole = result.message();
        if (!compliantMessage || !result.ok() || whole.message() == null || !whole.message().startsWith("\uFEFF")) {
            return result;
        }
        // With compliantMessage, a message that announces UTF-8 with a BOM must be UTF-8.
        String prefix = Utf8.decodeBytewise(bytes, offset, bad);
        SyslogMessage partial = bestEffort ? new SyslogMessage(whole.priority(), whole.version(), whole.timestamp(),
                whole.offsetSeconds(), whole.hostname(), whole.appName(), whole.procId(), whole.msgId(),
                whole.structuredData(), prefix.substring(Math.min(prefix.length(), whole.messageStart())),
                whole.messageStart()) : null;
        return SyslogResult.failed(E_MSG + " [col " + (bad - offset) + "]", partial);
    }

    /** The parse of one message; fields are set only once complete, which is what best-effort returns. */
    private static final class Rfc5424Reader {
        private final String s;
        private final boolean bestEffort;
        private final int maxFraction;
        private int i;
        private Integer priority;
        private Integer version;
        private Instant timestamp;
        private int offsetSeconds;
        private String hostname;
        private String appName;
        private String procId;
        private String msgId;
        private Map<String, Map<String, String>> data;

        Rfc5424Reader(String s, boolean bestEffort, int maxFraction) {
            this.s = s;
            this.bestEffort = bestEffort;
            this.maxFraction = maxFraction;
        }

        SyslogResult read() {
            if (!at('<')) {
                return fail(E_PRI_BRACKETS);
            }
            i++;
            int pri = Rfc5424Fields.number(s, i, 3);
            if (pri < 0 || pri > 191 || (s.charAt(i) == '0' && digitAt(i + 1))) {
                return fail(E_PRI_VALUE);
            }
            i += Rfc5424Fields.digitCount(s, i, 3);
            if (!at('>')) {
                return fail(E_PRI_VALUE);
            }
            i++;
            priority = pri;
            if (!digitAt(i) || s.charAt(i) == '0') {
                return fail(E_VERSION);
            }
            int ver = Rfc5424Fields.number(s, i, 3);
            i += Rfc5424Fields.digitCount(s, i, 3);
            version = ver;
            if (!space()) {
                return fail(digitAt(i) ? E_VERSION : E_PARSE);
            }
            String error = timestamp();
            if (error != null) {
                return fail(error);
            }
            if (!space()) {
                return fail(E_PARSE);
            }
            String host = token(255);
            if (host == null) {
                return fail(E_HOSTNAME);
            }
            if (!space()) {
                return fail(E_HOSTNAME);
            }
            hostname = nil(host);
            String app = token(48);
            if (app == null) {
                return fail(E_APPNAME);
            }
            if (!space()) {
                return fail(E_APPNAME);
            }
            appName = nil(app);
            String proc = token(128);
            if (proc == null) {
                return fail(E_PROCID);
            }
            if (!space()) {
                return fail(E_PROCID);
            }
            procId = nil(proc);
            String msg = token(32);
            if (msg == null) {
                return fail(E_MSGID);
            }
            if (!space()) {
                return fail(E_MSGID);
            }
            msgId = nil(msg);
            error = structuredData();
            if (error != null) {
                return fail(error);
            }
            if (i == s.length()) {
                return SyslogResult.ok(message(null, -1));
            }
            if (!space()) {
                return fail(E_PARSE);
            }
            return SyslogResult.ok(i == s.length() ? message(null, -1) : message(s.substring(i), i));
        }

        private String timestamp() {
            if (at('-')) {
                i++;
                return null;
            }
            Rfc5424Fields.Timestamp t = Rfc5424Fields.timestamp(s, i, maxFraction);
            if (t.error() != null) {
                i = t.end();
                return t.error();
            }
            timestamp = t.time();
            offsetSeconds = t.offsetSeconds();
            i = t.end();
            return null;
        }

        private String structuredData() {
            if (at('-')) {
                i++;
                return null;
            }
            if (!at('[')) {
                return E_SD;
            }
            Map<String, Map<String, String>> read = new LinkedHashMap<>();
            Rfc5424StructuredData reader = new Rfc5424StructuredData(s, i, read);
            String error = reader.read();
            i = reader.position();
            if (!read.isEmpty()) {
                data = read;
            }
            return error;
        }

        private String token(int max) {
            int start = i;
            while (i < s.length() && i - start <= max) {
                char c = s.charAt(i);
                if (c < 33 || c > 126) {
                    break;
                }
                i++;
            }
            if (i == start || i - start > max) {
                return null;
            }
            return s.substring(start, i);
        }

        private static String nil(String value) {
            return "-".equals(value) ? null : value;
        }

        private boolean at(char c) {
            return i < s.length() && s.charAt(i) == c;
        }

        private boolean digitAt(int k) {
            return k < s.length() && s.charAt(k) >= '0' && s.charAt(k) <= '9';
        }

        private boolean space() {
            if (at(' ')) {
                i++;
                return true;
            }
            return false;
        }

        private SyslogMessage message(String text, int start) {
            return new SyslogMessage(priority, version, timestamp, offsetSeconds, hostname, appName, procId, msgId,
                    data == null ? null : Rfc5424StructuredData.copy(data), text, start);
        }

        private SyslogResult fail(String reason) {
            SyslogMessage partial = bestEffort && priority != null && version != null ? message(null, -1) : null;
            return SyslogResult.failed(reason + " [col " + i + "]", partial);
        }
    }
}
