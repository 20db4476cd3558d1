package ai.thinkheads.droptrace.streams.correlate;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import ai.thinkheads.droptrace.core.event.Packet;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Reads the JSON form of a {@link FirewallEvent} (as the core serde writes it) field by field with
 * Jackson's streaming parser, without data binding: the topology reads every event once, and data
 * binding to the event and packet records cost about a third of the stream thread's CPU
 * (docs/benchmarks.md). Only the plain form is read here: an object with the records' own field
 * names, each at most once, strings as strings, whole numbers that fit, booleans, lists of strings
 * and {@code null}s for optional fields; unknown fields are skipped, as the core serde's tolerant
 * mapper does. Anything else (a repeated field, a value of another type, a time that is not an
 * ISO-8601 instant, invalid JSON, a value the records reject) gives {@code null}, and the caller
 * reads the bytes with the core serde, which decides as before; so the result is always what the
 * core serde would give.
 */
public final class EventJsonReader {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final byte TEXT = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte LIST = 4;
    /** The packet's fields by name: their index in the record's components, and their kind. */
    private static final Map<String, Integer> PACKET_INDEX = new HashMap<>();
    private static final byte[] PACKET_KIND;
    static final int PACKET_FIELDS;

    static {
        RecordComponent[] components = Packet.class.getRecordComponents();
        PACKET_FIELDS = components.length;
        PACKET_KIND = new byte[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            PACKET_INDEX.put(components[i].getName(), i);
            PACKET_KIND[i] = type == String.class ? TEXT : type == Integer.class ? INT : type == Long.class ? LONG
                    : type == List.class ? LIST : 0;
        }
    }

    private EventJsonReader() {
    }

    /**
     * The serde's serializer, and a deserializer that reads the plain form here and everything else
     * (and every error) with the serde's own deserializer.
     */
    static Serde<FirewallEvent> serde(Serde<FirewallEvent> json) {
        Deserializer<FirewallEvent> fallback = json.deserializer();
        Deserializer<FirewallEvent> reader = (topic, bytes) -> {
            if (bytes == null) {
                return fallback.deserialize(topic, bytes);
            }
            FirewallEvent event = read(bytes);
            return event != null ? event : fallback.deserialize(topic, bytes);
        };
        return Serdes.serdeFrom(json.serializer(), reader);
    }

    /** The event, or {@code null} when the bytes are not in the plain form (read them with the serde). */
    public static FirewallEvent read(byte[] bytes) {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return event(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static FirewallEvent event(JsonParser p) throws IOException {
        int schema = 0;
        Instant time = null;
        String zoneOffset = null;
        String host = null;
        int vmid = 0;
        int level = 0;
        String chain = null;
        Action action = null;
        boolean policy = false;
        String message = null;
        Backend backend = null;
        Packet packet = null;
        String line = null;
        Origin origin = null;
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int field;
            switch (name) {
                case "schema" -> { field = 0; schema = intValue(p, t); }
                case "time" -> { field = 1; time = t == JsonToken.VALUE_NULL ? null : IsoInstants.instant(text(p, t)); }
                case "zoneOffset" -> { field = 2; zoneOffset = text(p, t); }
                case "host" -> { field = 3; host = text(p, t); }
                case "vmid" -> { field = 4; vmid = intValue(p, t); }
                case "level" -> { field = 5; level = intValue(p, t); }
                case "chain" -> { field = 6; chain = text(p, t); }
                case "action" -> { field = 7; action = t == JsonToken.VALUE_NULL ? null : Action.valueOf(text(p, t)); }
                case "policy" -> { field = 8; policy = bool(t); }
                case "message" -> { field = 9; message = text(p, t); }
                case "backend" -> { field = 10; backend = t == JsonToken.VALUE_NULL ? null : Backend.valueOf(text(p, t)); }
                case "packet" -> { field = 11; packet = t == JsonToken.VALUE_NULL ? null : packet(p, t); }
                case "line" -> { field = 12; line = text(p, t); }
                case "origin" -> { field = 13; origin = t == JsonToken.VALUE_NULL ? null : origin(p, t); }
                default -> { field = -1; p.skipChildren(); }
            }
            if (field >= 0) {
                seen = once(seen, field);
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT || packet == null || time == null || chain == null) {
            return null; // the serde decides (and names what is missing)
        }
        return new FirewallEvent(schema, time, zoneOffset, host, vmid, level, chain, action, policy, message,
                backend, packet, line, origin);
    }

    private static Packet packet(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw new Unreadable();
        }
        String[] s = new String[PACKET_FIELDS];
        Long[] n = new Long[PACKET_FIELDS];
        List<?>[] lists = new List<?>[PACKET_FIELDS];
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            Integer field = PACKET_INDEX.get(name);
            if (field == null) {
                p.skipChildren();
                continue;
            }
            switch (PACKET_KIND[field]) {
                case TEXT -> s[field] = text(p, t);
                case INT -> n[field] = nullableInt(p, t);
                case LONG -> n[field] = nullableLong(p, t);
                case LIST -> lists[field] = strings(p, t);
                default -> throw new Unreadable();
            }
            seen = once(seen, field);
        }
        // The components in record order (PACKET_INDEX maps each name to its position).
        return new Packet(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], i(n[9]), i(n[10]), s[11], s[12],
                i(n[13]), n[14], i(n[15]), strings(lists[16]), i(n[17]), n[18], i(n[19]), s[20], i(n[21]), i(n[22]),
                n[23], n[24], i(n[25]), strings(lists[26]), i(n[27]), i(n[28]), i(n[29]), i(n[30]), n[31], n[32], n[33],
                s[34]);
    }

    private static Origin origin(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_OBJECT) {
            throw new Unreadable();
        }
        String source = null;
        long position = 0;
        long seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "source" -> { seen = once(seen, 0); source = text(p, t); }
                case "position" -> {
                    seen = once(seen, 1);
                    Long value = nullableLong(p, t);
                    if (value == null) {
                        throw new Unreadable();
                    }
                    position = value;
                }
                default -> p.skipChildren();
            }
        }
        return new Origin(source, position);
    }

    private static long once(long seen, int field) {
        long bit = 1L << field;
        if ((seen & bit) != 0) {
            throw new Unreadable();
        }
        return seen | bit;
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new Unreadable();
        }
        return p.getText();
    }

    private static int intValue(JsonParser p, JsonToken t) throws IOException {
        Long value = nullableInt(p, t);
        if (value == null) {
            throw new Unreadable();
        }
        return value.intValue();
    }

    private static Long nullableInt(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new Unreadable();
        }
        return (long) p.getIntValue();
    }

    private static Long nullableLong(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        JsonParser.NumberType type = t == JsonToken.VALUE_NUMBER_INT ? p.getNumberType() : null;
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw new Unreadable();
        }
        return p.getLongValue();
    }

    private static boolean bool(JsonToken t) {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new Unreadable();
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new Unreadable();
        }
        List<String> values = new ArrayList<>(4);
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            if (item != JsonToken.VALUE_STRING) {
                throw new Unreadable();
            }
            values.add(p.getText());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(List<?> list) {
        return (List<String>) list;
    }

    private static Integer i(Long value) {
        return value == null ? null : value.intValue();
    }

    /** The bytes are not in the plain form; the serde reads them. */
    private static final class Unreadable extends RuntimeException {
        Unreadable() {
            super(null, null, false, false);
        }
    }
}
