package ai.thinkheads.droptrace.cli.output;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.KafkaConnection;
import ai.thinkheads.droptrace.cli.common.KafkaOptions;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.TopicSpec;
import ai.thinkheads.droptrace.streams.runner.ShutdownSignal;
import ai.thinkheads.droptrace.streams.service.TopicFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shape the commands that print a topic share ({@code alerts}, {@code verdicts}): every record
 * from a start time, sorted, as a table or JSON lines, then, with {@code --follow}, each new record
 * as it comes until Ctrl-C or SIGTERM.
 *
 * @param command the command's name, for its messages
 * @param topic the topic to read
 * @param order the order of the records read at start
 * @param time the time a record is read by: {@code --since}/{@code --from} leave out the records before it
 * @param printAll prints the records read at start as text (JSON is one line per record)
 * @param printOne prints one followed record as text
 * @param creator what creates the topic, for the message when it does not exist yet
 * @param same what makes two records the same one, whoever wrote them ({@code null}: none is, each is shown): a
 *     record the same as one read before is shown once, as last written
 */
public record FeedPrinter<K, V>(String command, TopicSpec<K, V> topic, Comparator<V> order, Function<V, Instant> time,
        Consumer<List<V>> printAll, Consumer<V> printOne, String creator, Function<V, ?> same) {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** A printer of a topic whose records are each shown, however alike. */
    public FeedPrinter(String command, TopicSpec<K, V> topic, Comparator<V> order, Function<V, Instant> time,
            Consumer<List<V>> printAll, Consumer<V> printOne, String creator) {
        this(command, topic, order, time, printAll, printOne, creator, null);
    }

    /** Prints the topic from {@code start} (or its beginning) and follows it when asked; returns the exit code. */
    public int run(KafkaOptions common, boolean follow, Instant start) {
        return run(common, follow, start, 0);
    }

    /**
     * As {@link #run(KafkaOptions, boolean, Instant)}, printing at start only the newest {@code limit}
     * records by {@link #order} (0: all), and saying so when there were more: only those are kept while
     * the topic is read, so a topic of millions does not have to fit in memory.
     */
    public int run(KafkaOptions common, boolean follow, Instant start, int limit) {
        try (ShutdownSignal signal = follow ? ShutdownSignal.install(Duration.ofSeconds(10)) : ShutdownSignal.manual();
                KafkaConnection kafka = KafkaConnection.open(common);
                TopicFeed<K, V> feed = follow ? openWaiting(common, kafka, start, signal) : open(common, kafka, start)) {
            if (feed == null) {
                return ExitCodes.OK;
            }
            long[] total = {0};
            // With a limit only the newest are kept: a queue whose head is the oldest of them.
            Collection<V> kept = limit > 0 ? new PriorityQueue<>(order) : new ArrayList<>();
            // The last written of each record (a second correlator of the namespace writes each again)
            Map<Object, V> latest = same != null ? new HashMap<>() : null;
            feed.readToEnd(READ_TIMEOUT, from(start, r -> {
                total[0]++;
                if (latest != null) {
                    latest.put(same.apply(r), r);
                    return;
                }
                kept.add(r);
                if (limit > 0 && kept.size() > limit) {
                    ((PriorityQueue<V>) kept).poll();
                }
            }));
            List<V> records = new ArrayList<>(latest != null ? latest.values() : kept);
            records.sort(order);
            if (latest != null && records.size() < total[0]) {
                repeated(common, total[0] - records.size(), "each is shown once, as last written");
            } else if (records.size() < total[0]) {
                common.err().printf("droptrace %s: the newest %,d of %,d shown (--limit; 0 shows all).%n", command,
                        records.size(), total[0]);
                common.err().flush();
            }
            if (common.json()) {
                records.forEach(r -> JsonOutput.line(common.out(), r));
            } else if (!follow || !records.isEmpty()) {
                printAll.accept(records);
            }
            common.out().flush();
            BulkStdout.requireOpen(common.out());
            if (follow) {
                common.err().printf("droptrace %s: following %s; Ctrl-C or SIGTERM stops.%n", command, feed.topic());
                common.err().flush();
                // the records shown, so that one written again is not shown twice (alerts and verdicts are few)
                Set<Object> shown = latest != null ? new HashSet<>(latest.keySet()) : null;
                boolean[] said = {false};
                feed.follow(signal, followedFrom(start, common, r -> {
                    if (shown != null && !shown.add(same.apply(r))) {
                        if (!said[0]) {
                            said[0] = true;
                            repeated(common, 1, "not shown twice, nor are later repeats");
                        }
                        return;
                    }
                    if (common.json()) {
                        JsonOutput.line(common.out(), r);
                    } else {
                        printOne.accept(r);
                    }
                    common.out().flush();
                    BulkStdout.requireOpen(common.out()); // else it would follow for ever for nobody
                }), notice -> {
                    common.err().printf("droptrace %s: %s%n", command, notice);
                    common.err().flush();
                }, Duration.ofSeconds(30));
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Says on stderr that {@code n} records came again, the same as one read before, and what is likely to write them:
     * each alert and verdict is written once per correlator (exactly once), and is the same whoever decides it.
     */
    private void repeated(KafkaOptions common, long n, String how) {
        String noun = noun();
        common.err().printf("droptrace %s: %s written again (%s): does a second "
                + "correlator, with another --application-id, write namespace %s too?%n", command,
                n == 1 ? "a" + (noun.matches("[aeiou].*") ? "n " : " ") + noun + " was" : Count.of(n, noun) + " were",
                how, common.namespace());
        common.err().flush();
    }

    /**
     * The line said instead of an empty table: what there is none of, where, and from when when a start was given
     * (older ones may be there).
     */
    public static String none(String what, Namespace namespace, Instant start) {
        return "no " + what + " in namespace " + namespace + (start == null ? ""
                : " from " + start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " on (--since/--from; older ones are not shown)");
    }

    /**
     * Hands every record of the topic from {@code start} (or its beginning) to {@code sink}, once, without
     * keeping them; {@code false}, said on stderr, when the namespace has no such topic yet.
     */
    public boolean readAll(KafkaOptions common, Instant start, Consumer<V> sink) {
        try (KafkaConnection kafka = KafkaConnection.open(common);
                TopicFeed<K, V> feed = open(common, kafka, start)) {
            if (feed == null) {
                return false;
            }
            feed.readToEnd(READ_TIMEOUT, from(start, sink));
            return true;
        }
    }

    /**
     * {@code sink} for the records at or after {@code start} by {@link #time}. The feed starts at the first
     * record whose Kafka timestamp is at or after it, but that is a lower bound only: a transaction's commit
     * marker carries the wall-clock time of the commit, so in a topic written exactly once with the event time of
     * replayed history (the correlator's alerts and verdicts) the seek lands on the first marker, and the records
     * after it are of any time.
     */
    private Consumer<V> from(Instant start, Consumer<V> sink) {
        if (start == null) {
            return sink;
        }
        return r -> {
            if (!time.apply(r).isBefore(start)) {
                sink.accept(r);
            }
        };
    }

    /**
     * As {@link #from}, for the records that come while following: one dated before {@code start} (the alert of a line
     * that came late, raised now) is not shown either, and said once on stderr rather than left out without a word.
     */
    private Consumer<V> followedFrom(Instant start, KafkaOptions common, Consumer<V> sink) {
        if (start == null) {
            return sink;
        }
        boolean[] said = {false};
        return r -> {
            Instant at = time.apply(r);
            if (!at.isBefore(start)) {
                sink.accept(r);
            } else if (!said[0]) {
                said[0] = true;
                common.err().printf("droptrace %s: a new %s dated %s, before the start asked for (%s, --since/--from), "
                        + "is not shown, nor are later ones dated before it; follow without --since/--from to see "
                        + "every new one.%n", command, noun(), at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
                common.err().flush();
            }
        };
    }

    /** What one record of the topic is called: {@code alert}, {@code verdict}, {@code dead letter}. */
    private String noun() {
        return command.equals("unparsed") ? "dead letter" : command.substring(0, command.length() - 1);
    }

    /**
     * The feed of the topic for {@code --follow}: a topic that does not exist yet is waited for, said once on
     * stderr, until it is created or {@code signal} is raised ({@code null} then). A fresh embedded broker is not
     * waited on: nothing else can create the topic in it.
     */
    private TopicFeed<K, V> openWaiting(KafkaOptions common, KafkaConnection kafka, Instant start,
            ShutdownSignal signal) {
        if (common.bootstrapServers() == null) {
            return open(common, kafka, start);
        }
        Namespace namespace = common.namespace();
        return TopicFeed.awaitTopic(kafka.bootstrapServers(), namespace, topic, start, signal, () -> {
            common.err().printf("droptrace %s: namespace %s has no %s topic yet; waiting for it (%s creates it). "
                    + "Ctrl-C or SIGTERM stops.%n", command, namespace, command, creator);
            common.err().flush();
        });
    }

    /** The feed of the topic, or {@code null} after saying on stderr that the namespace has no such topic yet. */
    private TopicFeed<K, V> open(KafkaOptions common, KafkaConnection kafka, Instant start) {
        Namespace namespace = common.namespace();
        TopicFeed<K, V> feed = TopicFeed.open(kafka.bootstrapServers(), namespace, topic, start);
        if (feed == null) {
            common.err().printf("droptrace %s: namespace %s has no %s topic yet (%s creates it).%n", command,
                    namespace, command, creator);
            common.err().flush();
        }
        return feed;
    }
}
