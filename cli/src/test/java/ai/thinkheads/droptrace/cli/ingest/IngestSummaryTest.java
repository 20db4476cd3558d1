package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.common.OutputOptions;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.ingest.replay.IngestCounts;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class IngestSummaryTest {

    @Command(name = "summary")
    static final class Summary implements Runnable {
        @Mixin
        OutputOptions common;

        @Override
        public void run() {
            Map<SummaryField, Object> extra = new LinkedHashMap<>();
            extra.put(new SummaryField("udpDatagramsDropped", "udp datagrams dropped (queue to Kafka full)"), 4L);
            extra.put(new SummaryField("linesBySender", "lines by sender"), Map.of("udp://127.0.0.1", 2L));
            IngestSummary.print(common, "Received syslog", new IngestCounts(2, 2, 0, 0, 0, 0, 0, 2, 2), 1.0, List.of(),
                    extra);
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new Summary()).setCaseInsensitiveEnumValuesAllowed(true);
        command.setOut(new PrintWriter(out, true));
        command.execute(args);
        return out.toString();
    }

    @Test
    void counts_beyond_the_lines_are_camel_case_keys_in_json_and_their_words_in_text() throws Exception {
        JsonNode doc = Json.events().readTree(run("--output", "json"));
        assertThat(doc.get("udpDatagramsDropped").asLong()).isEqualTo(4);
        assertThat(doc.get("linesBySender").get("udp://127.0.0.1").asLong()).isEqualTo(2);
        assertThat(run()).contains("  udp datagrams dropped (queue to Kafka full): 4");
    }
}
