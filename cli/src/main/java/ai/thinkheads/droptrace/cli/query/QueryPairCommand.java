package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.Terminal;
import ai.thinkheads.droptrace.cli.output.TextTable;
import ai.thinkheads.droptrace.ingest.packet.IpAddressText;
import ai.thinkheads.droptrace.streams.query.PairAddress;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code droptrace query pair SRC DST}: what one (source, destination) pair did. */
@Command(name = "pair", mixinStandardHelpOptions = true,
        description = "Shows one (source, destination) pair: drops, rejects and accepts by protocol, port and chain "
                + "over a time range, first and last seen, its latest events, alerts and probe results.")
public final class QueryPairCommand implements Callable<Integer> {

    @Mixin
    private OutputOptions common;

    @Mixin
    private ApiOptions api;

    @Parameters(index = "0", paramLabel = "SRC", description = "Source address.")
    private String source;

    @Parameters(index = "1", paramLabel = "DST", description = "Destination address.")
    private String destination;

    @Override
    public Integer call() {
        String src = address("SRC", source);
        String dst = address("DST", destination);
        String range = api.rangeQuery(Clock.systemUTC());
        JsonNode report = api.client().get("/v1/pairs/" + encode(src) + "/" + encode(dst) + "?" + range);
        api.checkNamespace(report);
        if (common.json()) {
            JsonOutput.document(common.out(), report);
        } else {
            text(common.out(), report, report.path("seen").asBoolean() || src.equals(dst) ? null
                    : reverse("/v1/pairs/" + encode(dst) + "/" + encode(src) + "?" + range));
        }
        return ExitCodes.OK;
    }

    /**
     * The report of the pair the other way round, when it has events; else {@code null}. The log names who sent the
     * packet first: a pair asked for the wrong way round was "No firewall events seen", which reads as "the firewall
     * drops nothing on this path".
     */
    private JsonNode reverse(String path) {
        try {
            JsonNode report = api.client().get(path);
            return report.path("seen").asBoolean() ? report : null;
        } catch (UserException e) {
            return null; // the pair asked for is answered; the hint is not worth a failure
        }
    }

    private static void text(PrintWriter out, JsonNode r, JsonNode reverse) {
        String pair = Terminal.visible(r.path("source").asText() + " -> " + r.path("destination").asText());
        if (!r.path("seen").asBoolean()) {
            out.printf("No firewall events seen for %s in namespace %s.%n", pair, r.path("namespace").asText());
            if (reverse != null) {
                String from = Terminal.visible(reverse.path("source").asText());
                String to = Terminal.visible(reverse.path("destination").asText());
                out.printf("  %s -> %s has: %s, last seen %s (droptrace query pair %s %s)%n", from, to,
                        Counts.sentence(reverse.path("allTime")), reverse.path("lastSeen").asText(), from, to);
            }
            // A probe of the pair that fails with nothing logged (a drop pve-firewall does not log) is still shown.
            probes(out, r);
            out.flush();
            return;
        }
        JsonNode range = r.path("range");
        out.printf("%s (namespace %s)%n", pair, r.path("namespace").asText());
        out.printf("  first seen %s, last seen %s%n", r.path("firstSeen").asText(), r.path("lastSeen").asText());
        out.printf("  first blocked %s, last blocked %s%n", r.path("firstBlocked").asText("-"),
                r.path("lastBlocked").asText("-"));
        out.printf("  all time: %s%s%n", Counts.sentence(r.path("allTime")),
                r.path("late").asLong() > 0 ? "; " + Count.of(r.path("late").asLong(), "event") + " came after the grace" : "");
        if (r.path("timeline").isEmpty()) {
            // Nothing in the range (the default last hour of a replayed namespace): where the pair's events are, not
            // three tables of headers alone.
            out.printf("  %s .. %s (%s buckets): %s%n", range.path("bucketsFrom").asText(),
                    range.path("bucketsTo").asText(), range.path("resolution").asText().toLowerCase(java.util.Locale.ROOT),
                    nothing(r, range));
            Counts.cut(out, range);
            out.println();
            recent(out, r);
            return;
        }
        out.printf("  %s .. %s (%s buckets): %s%n", range.path("bucketsFrom").asText(),
                range.path("bucketsTo").asText(), range.path("resolution").asText().toLowerCase(java.util.Locale.ROOT),
                Counts.sentence(r.path("inRange")));
        Counts.cut(out, range);
        out.println();
        Counts.table("protocol", r.path("byProtocol")).print(out);
        out.println();
        Counts.table("port", r.path("byPort")).print(out);
        out.println();
        Counts.table("chain", r.path("byChain")).print(out);
        out.println();
        if (!r.path("byRule").isEmpty()) {
            Counts.table("rule", r.path("byRule")).print(out);
            out.println();
        }
        boolean unknown = false;
        for (JsonNode b : r.path("timeline")) {
            unknown |= b.path("counts").path("unknown").asLong() > 0;
        }
        TextTable timeline = Counts.table(unknown, "bucket");
        for (JsonNode b : r.path("timeline")) {
            Counts.row(timeline, unknown, b.path("start").asText(), b.path("counts"));
        }
        if (!timeline.isEmpty()) {
            out.println("Timeline (" + range.path("resolution").asText().toLowerCase(java.util.Locale.ROOT)
                    + " buckets with events):");
            timeline.print(out);
            out.println();
        }
        recent(out, r);
    }

    /**
     * What a range without a counted event says: where the pair's events lie, all before it or all after it; or, when
     * they lie in it and some came after the grace of their bucket, that no bucket counts those (the range read
     * "nothing logged" above a table of its latest events, all in it).
     */
    private static String nothing(JsonNode r, JsonNode range) {
        try {
            Instant lastSeen = Instant.parse(r.path("lastSeen").asText());
            Instant firstSeen = Instant.parse(r.path("firstSeen").asText());
            if (lastSeen.isBefore(Instant.parse(range.path("bucketsFrom").asText()))) {
                return "nothing logged; the pair was last seen " + lastSeen + ": give --from and --to around it";
            }
            if (!firstSeen.isBefore(Instant.parse(range.path("bucketsTo").asText()))) {
                return "nothing logged; the pair was first seen " + firstSeen + ": give --from and --to around it";
            }
            long late = r.path("late").asLong();
            if (late > 0) {
                return "none counted; the pair has " + Count.of(late, "event") + " that came after the grace of "
                        + (late == 1 ? "its bucket" : "their buckets") + ", which no bucket counts (all time above, the "
                        + "latest events received below)";
            }
        } catch (DateTimeParseException e) {
            // an answer without those times: nothing to point at
        }
        return "nothing logged";
    }

    /** The pair's latest events, alerts and probe results, whatever the range. */
    private static void recent(PrintWriter out, JsonNode r) {
        TextTable events = new TextTable("time", "action", "vmid", "chain", "proto", "spt", "dpt", "rule");
        for (JsonNode e : r.path("recentEvents")) {
            events.row(time(e.path("time")), (e.path("policy").asBoolean() ? "policy " : "")
                    + e.path("action").asText("-"), e.path("vmid").asInt(), e.path("chain").asText(),
                    e.path("protocol").asText(), e.path("sourcePort").asText("-"),
                    e.path("destinationPort").asText("-"), e.path("rule").asText("-"));
        }
        out.println("Latest events received (newest event time first):");
        events.print(out);
        olderThanLastSeen(out, r);
        if (!r.path("recentAlerts").isEmpty()) {
            out.println();
            TextTable alerts = new TextTable("time", "kind", "summary");
            r.path("recentAlerts").forEach(a -> alerts.row(time(a.path("time")), a.path("kind").asText(),
                    a.path("summary").asText()));
            out.println("Latest alerts:");
            alerts.print(out);
        }
        probes(out, r);
        out.flush();
    }

    /**
     * A line when the pair's last event (by event time) is not among the latest received, which the correlator keeps
     * (the last 5 to arrive, so that a line that came after its bucket's grace is still shown): older lines arrived
     * after it, and the table alone read as the pair's latest events, hours or days before its {@code last seen}.
     */
    private static void olderThanLastSeen(PrintWriter out, JsonNode r) {
        Instant newest = null;
        try {
            for (JsonNode e : r.path("recentEvents")) {
                Instant time = Instant.parse(e.path("time").asText());
                newest = newest == null || time.isAfter(newest) ? time : newest;
            }
            Instant lastSeen = Instant.parse(r.path("lastSeen").asText());
            if (newest != null && lastSeen.isAfter(newest)) {
                out.printf("  the pair's last event, at %s, is not among them: older lines arrived after it (history "
                        + "replayed into this namespace, or a sender's backlog)%n", lastSeen);
            }
        } catch (DateTimeParseException e) {
            // an answer without those times: nothing to compare
        }
    }

    /** A time of the answer, shown as every table shows one (to the second); as it came when it is not one. */
    private static Object time(JsonNode node) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return node.asText();
        }
    }

    /** The latest result of each probe of the pair, after an empty line, when there is any. */
    private static void probes(PrintWriter out, JsonNode r) {
        if (r.path("probes").isEmpty()) {
            return;
        }
        out.println();
        TextTable probes = new TextTable("probe", "time", "target", "outcome", "passed");
        r.path("probes").forEach(p -> probes.row(p.path("probeId").asText(), time(p.path("time")),
                p.path("protocol").asText("-") + "/" + p.path("port").asInt(), p.path("outcome").asText(),
                p.path("passed").asBoolean() ? "yes" : "NO"));
        out.println("Latest probe results:");
        probes.print(out);
    }

    /**
     * The address as the pair keys hold it (IPv6 in lower case and compressed, as pve-firewall logs it); anything else
     * is a usage error, not a pair the correlator has never seen.
     */
    private static String address(String label, String text) {
        String address = IpAddressText.canonical(text.strip());
        if (address == null) {
            throw new UserException(ExitCodes.USAGE, label + " '" + Terminal.visible(text) + "' is not an IP address; "
                    + "give the addresses as the firewall log writes them, like 10.0.0.153 or fd00:10::153");
        }
        String decimal = PairAddress.withoutLeadingZeros(text.strip());
        if (decimal != null) { // taken as written, a pair never seen: the log writes no leading zeros
            throw new UserException(ExitCodes.USAGE, label + " '" + Terminal.visible(text) + "' "
                    + PairAddress.leadingZeros(decimal));
        }
        return address;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
