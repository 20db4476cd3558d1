package ai.thinkheads.droptrace.cli.unparsed;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.BrokenPipe;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.event.UnparsedLine;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees of the lines ingest could not read: replayed into a namespace, then printed. */
@ExtendWith(SharedKafkaBroker.class)
class UnparsedCommandIT {

    @TempDir
    Path dir;

    @Test
    void the_dead_letters_of_a_replay_are_printed_with_reason_and_place_as_text_or_whole_as_json() throws Exception {
        // Given a file with a good line, a Latin-1 line and a line with an escape sequence in it
        String good = "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 DST=10.0.0.7 "
                + "LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN \n";
        byte[] latin1 = "kernel: Gr\u00fc\u00dfe".getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(good.getBytes(StandardCharsets.UTF_8));
        content.write(latin1);
        content.write("\nnot a firewall line \u001b[31mred\n".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("pve-firewall.log");
        Files.write(file, content.toByteArray());
        String namespace = "it-unparsed-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        CliRun replay = CliRun.of("replay", file.toString(), "--bootstrap-servers", bootstrap, "--namespace", namespace);
        assertThat(replay.exitCode()).as(replay.err()).isZero();

        // When
        CliRun text = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace);
        CliRun json = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--output", "json");

        // Then: in the file's order, each with its place and reason, the line below it, control characters shown
        assertThat(text.exitCode()).as(text.err()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).contains("  " + file + ":2  ").contains("not valid UTF-8");
        assertThat(lines.get(1)).isEqualTo("    kernel: Gr\uFFFD\uFFFDe");
        assertThat(lines.get(2)).isEqualTo("    (not UTF-8: the 13 bytes as read are in --output json's \"bytes\", Base64)");
        assertThat(lines.get(3)).contains("  " + file + ":3  ");
        assertThat(lines.get(4)).isEqualTo("    not a firewall line \\x1b[31mred");
        assertThat(lines.get(5)).isEqualTo("2 dead letters of namespace " + namespace + " shown");
        assertThat(text.err()).doesNotContain("newest");
        // and with --limit only the newest, saying of how many
        CliRun newest = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--limit", "1");
        assertThat(newest.exitCode()).as(newest.err()).isZero();
        assertThat(newest.out().lines().toList()).hasSize(3).first().asString().contains("  " + file + ":3  ");
        assertThat(newest.err()).contains("droptrace unparsed: the newest 1 of 2 shown (--limit; 0 shows all).");
        // and counted by kind of reason and by source
        CliRun byReason = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--by", "reason");
        CliRun bySource = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--by",
                "source", "--output", "json");
        assertThat(byReason.exitCode()).as(byReason.err()).isZero();
        assertThat(byReason.out()).contains(file + ":2").contains(file + ":3")
                .contains("2 dead letters in namespace " + namespace + ", 2 kinds");
        com.fasterxml.jackson.databind.JsonNode sources = Json.events().readTree(bySource.out());
        assertThat(sources.get("deadLetters").asLong()).isEqualTo(2);
        assertThat(sources.get("rows").get(0).get("source").asText()).isEqualTo(file.toString());
        assertThat(sources.get("rows").get(0).get("count").asLong()).isEqualTo(2);
        assertThat(sources.get("rows").get(0).get("first").get("position").asLong()).isEqualTo(2);
        // and with --by, --limit keeps the largest counts (all counted), saying of how many
        CliRun topReason = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--by",
                "reason", "--limit", "1");
        CliRun topReasonJson = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--by",
                "reason", "--limit", "1", "--output", "json");
        assertThat(topReason.exitCode()).as(topReason.err()).isZero();
        assertThat(topReason.out().lines().toList()).hasSize(3).last()
                .isEqualTo("2 dead letters in namespace " + namespace + ", 2 kinds");
        assertThat(topReason.err().strip())
                .isEqualTo("droptrace unparsed: the largest 1 of 2 kinds shown (--limit; 0 shows all).");
        com.fasterxml.jackson.databind.JsonNode topKinds = Json.events().readTree(topReasonJson.out());
        assertThat(topKinds.get("deadLetters").asLong()).isEqualTo(2);
        assertThat(topKinds.get("rows")).hasSize(1);
        assertThat(byReason.err()).doesNotContain("largest");
        // and as JSON every record whole, the bytes included
        assertThat(json.exitCode()).as(json.err()).isZero();
        List<UnparsedLine> records = new ArrayList<>();
        for (String line : json.out().lines().toList()) {
            records.add(Json.events().readValue(line, UnparsedLine.class));
        }
        assertThat(records).extracting(u -> u.origin().position()).containsExactly(2L, 3L);
        assertThat(records.get(0).bytes()).isEqualTo(latin1);
        assertThat(records.get(1).line()).isEqualTo("not a firewall line \u001b[31mred");
        assertThat(records.get(1).bytes()).isNull();
    }

    @Test
    void a_namespace_without_dead_letters_says_so() throws Exception {
        Path file = dir.resolve("fine.log");
        Files.writeString(file, "100 5 tap100i0-IN 14/Mar/2025:09:20:15 +0100 policy DROP: IN=fwbr100i0 SRC=10.0.0.5 "
                + "DST=10.0.0.7 LEN=60 PROTO=TCP SPT=40000 DPT=443 SYN \n");
        String namespace = "it-unparsed-none-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        assertThat(CliRun.of("replay", file.toString(), "--bootstrap-servers", bootstrap, "--namespace", namespace)
                .exitCode()).isZero();

        CliRun text = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace);

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().strip()).isEqualTo("no dead letters in namespace " + namespace);
        CliRun later = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--from",
                "2999-01-01T00:00:00Z");
        assertThat(later.out().strip()).isEqualTo("no dead letters in namespace " + namespace
                + " read since 2999-01-01T00:00:00Z (--since/--from; older ones are not shown)");
    }

    @Test
    void counts_into_a_stdout_whose_reader_went_away_end_quietly_with_the_code_of_sigpipe() throws Exception {
        // Given dead letters, and a stdout nobody reads any more ('droptrace unparsed --by source | head -1')
        Path file = dir.resolve("wrong.log");
        Files.writeString(file, "not a firewall line\n");
        String namespace = "it-unparsed-pipe-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        assertThat(CliRun.of("replay", file.toString(), "--bootstrap-servers", bootstrap, "--namespace", namespace)
                .exitCode()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);

        for (String output : List.of("text", "json")) {
            // When
            String[] args = {"unparsed", "--by", "source", "--output", output, "--bootstrap-servers", bootstrap,
                "--namespace", namespace};
            BrokenPipe.Run run = BrokenPipe.run(args);

            // Then: as the dead letters themselves, and parse, alerts or verdicts, end
            assertThat(run.exitCode()).as(output).isEqualTo(ExitCodes.STDOUT_CLOSED);
            assertThat(run.err()).as(output).isEmpty();
        }
    }

    @Test
    void counts_as_json_of_a_namespace_without_an_unparsed_topic_are_still_one_document() throws Exception {
        // Given: a namespace nothing was ever ingested into
        String namespace = "it-unparsed-never-" + UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = SharedKafkaBroker.bootstrapServers();

        // When
        CliRun json = CliRun.of("unparsed", "--bootstrap-servers", bootstrap, "--namespace", namespace, "--by", "reason",
                "--output", "json");

        // Then: the missing topic said on stderr, and a document of no dead letters on stdout, as for an empty topic
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.err()).contains("namespace " + namespace + " has no unparsed topic yet");
        com.fasterxml.jackson.databind.JsonNode doc = Json.events().readTree(json.out());
        assertThat(doc.path("namespace").asText()).isEqualTo(namespace);
        assertThat(doc.path("deadLetters").asLong()).isZero();
        assertThat(doc.path("by").asText()).isEqualTo("reason");
        assertThat(doc.path("rows").isArray()).isTrue();
        assertThat(doc.path("rows")).isEmpty();
    }
}
