package ai.thinkheads.droptrace.ingest.json;

import ai.thinkheads.droptrace.core.event.Action;
import ai.thinkheads.droptrace.core.event.Backend;
import ai.thinkheads.droptrace.core.event.FirewallEvent;
import ai.thinkheads.droptrace.core.event.Origin;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link FirewallEvent} as JSON, byte for byte what the shared Jackson mapper writes
 * ({@code FirewallEventJsonTest} holds the two against each other on every shape of line), straight
 * into UTF-8 bytes: no reflection, no per-field dispatch, no intermediate string. Serialising was
 * the largest cost of {@code parse}, {@code replay} and the receivers; readers keep using Jackson.
 */
public final class FirewallEventJson {

    private static final ThreadLocal<JsonBytes> SCRATCH = ThreadLocal.withInitial(() -> new JsonBytes(4096));

    private FirewallEventJson() {
    }

    /** The event's JSON as a new array. */
    public static byte[] bytes(FirewallEvent e) {
        return bytes(e, null);
    }

    /**
     * The event's JSON as a new array.
     *
     * @param plainLine the line the event was parsed from when the caller checked it to be plain
     *     ({@link PlainText}), else {@code null}: that line, and every string of the event taken from
     *     it (chain, host, interfaces, addresses, ...), is then copied without a second look
     */
    public static byte[] bytes(FirewallEvent e, String plainLine) {
        JsonBytes out = SCRATCH.get();
        out.reset();
        append(out, e, plainLine);
        return out.toByteArray();
    }

    /** Appends the event's JSON to {@code out}; {@code plainLine} as in {@link #bytes(FirewallEvent, String)}. */
    public static void append(JsonBytes out, FirewallEvent e, String plainLine) {
        // Every string of an event parsed from a plain line is a piece of it or a constant: plain too.
        boolean plain = e.line() != null && e.line() == plainLine;
        out.raw(SCHEMA);
        out.number(e.schema());
        out.raw(TIME);
        InstantText.write(out, e.time());
        if (e.zoneOffset() != null) {
            out.raw(ZONE_OFFSET);
            ZONE_TEXT.write(out, e.zoneOffset());
        }
        out.field(HOST, e.host(), plain);
        out.raw(VMID);
        out.number(e.vmid());
        out.raw(LEVEL);
        out.number(e.level());
        out.field(CHAIN, e.chain(), plain);
        if (e.action() != null) {
            out.raw(ACTION);
            out.raw(ACTIONS[e.action().ordinal()]);
        }
        out.raw(POLICY);
        out.bool(e.policy());
        if (e.message() != null) {
            out.raw(MESSAGE);
            MESSAGE_TEXT.write(out, e.message());
        }
        if (e.backend() != null) {
            out.raw(BACKEND);
            out.raw(BACKENDS[e.backend().ordinal()]);
        }
        out.raw(PACKET);
        PacketJson.append(out, e.packet(), plain);
        out.field(LINE, e.line(), plain);
        Origin o = e.origin();
        if (o != null) {
            out.raw(ORIGIN_SOURCE);
            out.string(o.source());
            out.raw(POSITION);
            out.number(o.position());
            out.ascii('}');
        }
        out.ascii('}');
    }

    private static final RepeatedText ZONE_TEXT = new RepeatedText();
    private static final RepeatedText MESSAGE_TEXT = new RepeatedText();
    private static final byte[][] ACTIONS = quoted(Action.values());
    private static final byte[][] BACKENDS = quoted(Backend.values());

    private static byte[][] quoted(Enum<?>[] values) {
        byte[][] quoted = new byte[values.length][];
        for (Enum<?> value : values) {
            quoted[value.ordinal()] = ascii("\"" + value.name() + "\"");
        }
        return quoted;
    }

    private static final byte[] SCHEMA = ascii("{\"schema\":");
    private static final byte[] TIME = ascii(",\"time\":");
    private static final byte[] ZONE_OFFSET = ascii(",\"zoneOffset\":");
    private static final byte[] HOST = ascii(",\"host\":");
    private static final byte[] VMID = ascii(",\"vmid\":");
    private static final byte[] LEVEL = ascii(",\"level\":");
    private static final byte[] CHAIN = ascii(",\"chain\":");
    private static final byte[] ACTION = ascii(",\"action\":");
    private static final byte[] POLICY = ascii(",\"policy\":");
    private static final byte[] MESSAGE = ascii(",\"message\":");
    private static final byte[] BACKEND = ascii(",\"backend\":");
    private static final byte[] PACKET = ascii(",\"packet\":");
    private static final byte[] LINE = ascii(",\"line\":");
    private static final byte[] ORIGIN_SOURCE = ascii(",\"origin\":{\"source\":");
    private static final byte[] POSITION = ascii(",\"position\":");

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
