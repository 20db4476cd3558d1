package ai.thinkheads.droptrace.cli.query;

import ai.thinkheads.droptrace.cli.common.EnumWords;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.cli.common.RangeOption;
import ai.thinkheads.droptrace.cli.common.UserException;
import ai.thinkheads.droptrace.cli.output.Count;
import ai.thinkheads.droptrace.cli.output.JsonOutput;
import ai.thinkheads.droptrace.cli.output.TextTable;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code droptrace query top --by pair|chain|port|rule}: the most blocked pairs, chains, ports or rules. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Lists the pairs, chains, ports or rules (file:line, as the rule tracer names them) with the most drops and rejects over a time range, "
                + "gathered from every correlator instance.")
public final class QueryTopCommand implements Callable<Integer> {

    /** What to rank. */
    enum By {
        PAIR, CHAIN, PORT, RULE;

        /** {@code --by}'s value in any case; another is named in the lower case the option is written in. */
        static final class Converter implements ITypeConverter<By> {
            @Override
            public By convert(String value) {
                return EnumWords.parse(value, values(), Enum::name, "is not what a top list ranks: use pair, chain, "
                        + "port or rule");
            }
        }
    }

    @Mixin
    private OutputOptions common;

    @Mixin
    private ApiOptions api;

    @Option(names = "--by", paramLabel = "pair|chain|port|rule", required = true, converter = By.Converter.class,
            description = "What to rank: pair, chain, port or rule.")
    private By by;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "Rows to show, 1-1000. Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Override
    public Integer call() {
        RangeOption.check("--limit", limit, 1, 1000, "rows of the top list, as the query API answers them");
        String range = api.rangeQuery(Clock.systemUTC());
        String path = "/v1/top?by=" + by.name().toLowerCase(Locale.ROOT) + "&limit=" + limit + "&" + range;
        JsonNode top = api.client().get(path);
        api.checkNamespace(top);
        if (common.json()) {
            JsonOutput.document(common.out(), top);
        } else {
            text(common.out(), top, range);
        }
        return ExitCodes.OK;
    }

    private void text(PrintWriter out, JsonNode top, String rangeQuery) {
        JsonNode range = top.path("range");
        out.printf("Top %ss by blocked packets, %s .. %s (%s buckets, namespace %s):%n",
                by.name().toLowerCase(Locale.ROOT), range.path("bucketsFrom").asText(), range.path("bucketsTo").asText(),
                range.path("resolution").asText().toLowerCase(Locale.ROOT), top.path("namespace").asText());
        Counts.cut(out, range);
        TextTable table = by == By.PAIR
                ? new TextTable("source", "destination", "blocked", "drops", "rejects", "accepts")
                : new TextTable(by.name().toLowerCase(Locale.ROOT), "blocked", "drops", "rejects", "accepts");
        for (JsonNode row : top.path("rows")) {
            JsonNode c = row.path("counts");
            String key = row.path("key").asText();
            if (by == By.PAIR) {
                int bar = key.indexOf('|');
                table.row(key.substring(0, bar), key.substring(bar + 1), row.path("blocked").asLong(),
                        c.path("drops").asLong(), c.path("rejects").asLong(), c.path("accepts").asLong());
            } else {
                table.row(key, row.path("blocked").asLong(), c.path("drops").asLong(), c.path("rejects").asLong(),
                        c.path("accepts").asLong());
            }
        }
        if (table.isEmpty()) {
            String namespace = top.path("namespace").asText();
            long blocked = by == By.RULE ? blockedByChain(rangeQuery) : 0;
            if (blocked > 0) {
                out.println("  no drop or reject in this range is counted by rule, though " + Count.of(blocked, "packet")
                        + (blocked == 1 ? " was" : " were") + " dropped or rejected (droptrace query top --by chain): a "
                        + "line is counted by rule only when a ruleset of namespace " + namespace + " was published "
                        + "('droptrace rules publish') before the correlator read it.");
                out.flush();
                return;
            }
            // the default last hour of a namespace of replayed history holds nothing: say what to give instead
            out.println("  nothing was dropped or rejected in this range." + (api.fromGiven() || namespace.equals("live")
                    ? "" : " Namespace " + namespace + " is not live: for replayed history give --from and --to of its "
                    + "time."));
            out.flush();
            return;
        }
        table.print(out);
    }

    /**
     * The packets dropped or rejected in the range, from the top list of chains (every blocked line has a chain; a
     * rule only when a ruleset was published when it was read); 0 when that cannot be asked. Without a ruleset, a top
     * list of rules is empty, and "nothing was dropped or rejected" said of a range full of drops.
     */
    private long blockedByChain(String rangeQuery) {
        try {
            JsonNode chains = api.client().get("/v1/top?by=chain&limit=1000&" + rangeQuery);
            long blocked = 0;
            for (JsonNode row : chains.path("rows")) {
                blocked += row.path("blocked").asLong();
            }
            return blocked;
        } catch (UserException e) {
            return 0; // the list asked for is answered; the hint is not worth a failure
        }
    }
}
