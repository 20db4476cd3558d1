package ai.thinkheads.droptrace.streams.ruleset;

import ai.thinkheads.droptrace.core.firewall.trace.RuleTracer;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.verdict.PublishedRuleset;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule tracer of the newest published ruleset, compiled once per version. With several nodes
 * published, the most recently published one is used. A processor asks for it per record; the
 * store is looked at again at most every {@code recheckMillis} of wall-clock time, or whenever the
 * caller forces it (verdicts always do), and only a new {@code version} is parsed and compiled.
 * A ruleset that cannot be read keeps the previous tracer. A cache made with {@code keepEarlier}
 * also keeps the versions it compiled before the current one (the last {@value #EARLIER}), so that
 * a verdict on a failure is decided with the version in effect when the probe ran ({@link #at}),
 * also when a newer one was published while the failure waited for its log lines.
 */
public final class TracerCache {

    private static final Logger LOGGER = LoggerFactory.getLogger(TracerCache.class);

    /** How many versions compiled before the current one are kept. */
    static final int EARLIER = 4;

    /** A compiled ruleset version, and when it was published. */
    public record Current(String version, String node, Instant publishedAt, RuleTracer tracer) {
    }

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final long recheckMillis;
    private final int earlierKept;
    private byte[] bytes;
    private Current current;
    /** The versions compiled before {@link #current}, newest first. */
    private final Deque<Current> earlier = new ArrayDeque<>();
    private String failedVersion;
    private long checkedAt;
    private boolean checked;

    public TracerCache(ReadOnlyKeyValueStore<String, byte[]> store, long recheckMillis) {
        this(store, recheckMillis, false);
    }

    /** @param keepEarlier whether to keep the versions compiled before the current one, for {@link #at} */
    public TracerCache(ReadOnlyKeyValueStore<String, byte[]> store, long recheckMillis, boolean keepEarlier) {
        this.store = store;
        this.recheckMillis = recheckMillis;
        this.earlierKept = keepEarlier ? EARLIER : 0;
    }

    /** The current tracer, or {@code null} when no ruleset was published yet. */
    public Current current(long nowMillis, boolean force) {
        if (!force && checked && nowMillis - checkedAt < recheckMillis) {
            return current;
        }
        checked = true;
        checkedAt = nowMillis;
        Newest newest = newest(store);
        if (newest == null) {
            bytes = null;
            current = null;
            earlier.clear();
            return null;
        }
        if (newest.value() == bytes) {
            return current;
        }
        Header header = newest.header();
        if (current != null && header.version() != null && header.version().equals(current.version())) {
            bytes = newest.value();
            return current;
        }
        if (header.version() != null && header.version().equals(failedVersion)) {
            return current;
        }
        try {
            PublishedRuleset published = Json.events().readValue(newest.value(), PublishedRuleset.class);
            Current compiled = new Current(published.version(), published.node(), header.publishedAt(),
                    RuleTracer.compile(published.ruleset()));
            if (current != null) {
                earlier.addFirst(current);
                while (earlier.size() > earlierKept) {
                    earlier.removeLast();
                }
            }
            current = compiled;
            bytes = newest.value();
            LOGGER.atInfo().addKeyValue("version", published.version()).addKeyValue("node", published.node())
                    .log("compiled a new ruleset version");
        } catch (IOException | RuntimeException e) {
            failedVersion = header.version();
            LOGGER.atWarn().addKeyValue("version", header.version()).addKeyValue("error", e.getMessage())
                    .log("cannot read a published ruleset; keeping the previous one");
        }
        return current;
    }

    /**
     * The tracer of the version in effect at {@code time} (a probe's): of the current version and those compiled
     * before it, the newest published at or before {@code time}; the current one when none was (history re-analysed
     * with a configuration published since, or the versions before it not seen since this cache began). So a failure
     * decided after a fix was published (it waited for its log lines) is decided by the rules that made it fail.
     * Looks at the store as {@link #current} does when forced.
     */
    public Current at(Instant time, long nowMillis) {
        Current newest = current(nowMillis, true);
        if (newest == null || !time.isBefore(newest.publishedAt())) {
            return newest;
        }
        for (Current c : earlier) {
            if (!time.isBefore(c.publishedAt())) {
                return c;
            }
        }
        return newest;
    }

    /** The most recently published ruleset of a node: the node (its key), the record's bytes and their header. */
    record Newest(String node, byte[] value, Header header) {
    }

    /** The most recently published ruleset in {@code store}, the one a correlator decides by; {@code null} for none. */
    static Newest newest(ReadOnlyKeyValueStore<String, byte[]> store) {
        Newest best = null;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> record = it.next();
                if (record.value == null) {
                    continue;
                }
                Header header = Header.of(record.value);
                if (best == null || header.publishedAt().isAfter(best.header().publishedAt())) {
                    best = new Newest(record.key, record.value, header);
                }
            }
        }
        return best;
    }

    /** The version and publication time of a published ruleset, read without reading the ruleset. */
    record Header(String version, Instant publishedAt) {

        static Header of(byte[] json) {
            String version = null;
            Instant publishedAt = Instant.EPOCH;
            try (JsonParser parser = Json.events().getFactory().createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return new Header(null, publishedAt);
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken token = parser.nextToken();
                    if ("version".equals(name) && token == JsonToken.VALUE_STRING) {
                        version = parser.getText();
                    } else if ("publishedAt".equals(name) && token == JsonToken.VALUE_STRING) {
                        publishedAt = Instant.parse(parser.getText());
                    } else if ("ruleset".equals(name)) {
                        break;
                    } else {
                        parser.skipChildren();
                    }
                }
            } catch (IOException | DateTimeParseException e) {
                return new Header(version, publishedAt);
            }
            return new Header(version, publishedAt);
        }
    }
}
