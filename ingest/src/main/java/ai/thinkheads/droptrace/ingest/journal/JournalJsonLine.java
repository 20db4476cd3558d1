package ai.thinkheads.droptrace.ingest.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One line of {@code journalctl -o json} (one JSON object per entry): the entry's message, the time
 * the journal received it ({@code __REALTIME_TIMESTAMP}, microseconds since the epoch), its host,
 * priority and identifier. A message that is not valid UTF-8 is written by journalctl as an array of
 * byte values; a field over 4,096 bytes as {@code null} (unless {@code --all}). An entry of pvesh's
 * firewall log ({@code {"n":1,"t":"<line>"}}) is read too: its line, which carries its own time.
 *
 * @param message the {@code MESSAGE} field
 * @param time from {@code __REALTIME_TIMESTAMP}, or {@code null} when the entry has none
 * @param host {@code _HOSTNAME}, may be {@code null}
 * @param priority {@code PRIORITY} (0-7), or -1
 * @param identifier {@code SYSLOG_IDENTIFIER}, may be {@code null}
 */
public record JournalJsonLine(String message, Instant time, String host, int priority, String identifier) {

    private static final JsonFactory JSON = new JsonFactory();

    /** What is wrong with a line that starts like JSON: the reason for its dead letter. */
    public static final class NotAnEntry extends Exception {
        NotAnEntry(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The entry in {@code line} from {@code from}, or {@link NotAnEntry} with the reason. */
    public static JournalJsonLine read(String line, int from) throws NotAnEntry {
        String message = null;
        boolean messageSeen = false;
        Instant time = null;
        String host = null;
        int priority = -1;
        String identifier = null;
        String pveshLine = null;
        try (JsonParser parser = JSON.createParser(line.substring(from))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAnEntry("not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "MESSAGE" -> {
                        messageSeen = true;
                        message = text(parser, value, name);
                    }
                    case "__REALTIME_TIMESTAMP" -> time = microseconds(text(parser, value, name));
                    case "_HOSTNAME" -> host = blankAsNone(text(parser, value, name));
                    case "PRIORITY" -> priority = priority(text(parser, value, name));
                    case "SYSLOG_IDENTIFIER" -> identifier = text(parser, value, name);
                    case "t" -> pveshLine = text(parser, value, name);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new NotAnEntry("not one JSON object on the line");
            }
        } catch (IOException e) {
            throw new NotAnEntry("not JSON (" + jsonError(e) + ")");
        }
        if (!messageSeen && pveshLine != null) {
            // an entry of pvesh's firewall log ({"n":1,"t":"<line>"}, as jq -c '.[]' prints them): the line itself
            return new JournalJsonLine(pveshLine, null, null, -1, null);
        }
        if (!messageSeen) {
            throw new NotAnEntry("a JSON object without MESSAGE: not a journald entry (journalctl -o json)");
        }
        if (message == null) {
            throw new NotAnEntry("the entry's MESSAGE is null: journalctl leaves out fields over 4,096 bytes "
                    + "unless given --all");
        }
        return new JournalJsonLine(withoutLineEnd(message), time, host, priority, identifier);
    }

    /**
     * The message without the line end a sender left at its end ({@code \r}, {@code \n}; journald keeps it from a
     * sender of its own protocol, and journalctl writes such a message as an array of its bytes): the readers take a
     * line's end off every other line, and a UDP line's last field ({@code LEN=58\r}) made it a dead letter.
     */
    private static String withoutLineEnd(String message) {
        int end = message.length();
        while (end > 0 && (message.charAt(end - 1) == '\r' || message.charAt(end - 1) == '\n')) {
            end--;
        }
        return end == message.length() ? message : message.substring(0, end);
    }

    /** An empty or blank host name names no host: the node's own name (--host) applies instead. */
    private static String blankAsNone(String host) {
        return host == null || host.isBlank() ? null : host;
    }

    /**
     * A string, a number as text, or journalctl's array of byte values (a value that is not UTF-8); of a field the entry
     * holds more than once, which journalctl writes as an array of its values ({@code "SYSLOG_IDENTIFIER":["kernel",
     * "kern2"]}), the last one, as journalctl's short formats show it (before, such an entry was a dead letter, "an
     * array of something else than bytes").
     */
    private static String text(JsonParser parser, JsonToken value, String name) throws IOException, NotAnEntry {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getText();
        }
        if (value == JsonToken.START_ARRAY) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_STRING || first == JsonToken.START_ARRAY || first == JsonToken.VALUE_NULL) {
                String last = null;
                for (JsonToken v = first; v != JsonToken.END_ARRAY; v = parser.nextToken()) {
                    if (v != JsonToken.VALUE_STRING && v != JsonToken.START_ARRAY && v != JsonToken.VALUE_NULL) {
                        throw new NotAnEntry("field " + name + " is an array of something else than values or bytes");
                    }
                    last = text(parser, v, name);
                }
                return last;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonToken b = first; b != JsonToken.END_ARRAY; b = parser.nextToken()) {
                if (b != JsonToken.VALUE_NUMBER_INT || parser.getIntValue() < 0 || parser.getIntValue() > 255) {
                    throw new NotAnEntry("field " + name + " is an array of something else than bytes");
                }
                bytes.write(parser.getIntValue());
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
        throw new NotAnEntry("field " + name + " is not a string");
    }

    private static Instant microseconds(String text) throws NotAnEntry {
        if (text == null) {
            return null;
        }
        try {
            long micros = Long.parseLong(text);
            if (micros < 0) {
                throw new NumberFormatException();
            }
            return Instant.ofEpochSecond(micros / 1_000_000, micros % 1_000_000 * 1_000);
        } catch (NumberFormatException e) {
            throw new NotAnEntry("__REALTIME_TIMESTAMP is not microseconds since 1970: '" + text + "'");
        }
    }

    private static int priority(String text) {
        return text != null && text.length() == 1 && text.charAt(0) >= '0' && text.charAt(0) <= '7'
                ? text.charAt(0) - '0' : -1;
    }

    /** Jackson's reason without where it was ("[Source: REDACTED ...; line: 1, column: 7]", said by the caller). */
    private static String jsonError(IOException e) {
        String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        reason = firstLine(reason == null ? e.getClass().getSimpleName() : reason);
        int where = reason.indexOf(" (start marker at");
        return where > 0 ? reason.substring(0, where) : reason;
    }

    private static String firstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return end < 0 ? String.valueOf(message) : message.substring(0, end);
    }
}
