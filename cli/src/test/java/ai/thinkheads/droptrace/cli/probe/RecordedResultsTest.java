package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordedResultsTest {

    @Test
    void results_are_read_oldest_first_and_a_line_that_is_not_one_is_rejected_with_its_number() {
        // Given
        String lines = """
                {"schema":1,"probeId":"b","kind":"TCP","time":"2025-11-20T14:02:00Z","outcome":"OPEN","passed":true,"durationMillis":1}

                not json
                {"schema":1,"probeId":"a","kind":"TCP","time":"2025-11-20T14:01:00Z","outcome":"TIMEOUT","passed":false,"durationMillis":1}
                {"schema":1,"probeId":"c","kind":"TCP"}
                """;
        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(lines)), "r.jsonl");
        // Then
        assertThat(read.results()).extracting(r -> r.probeId()).containsExactly("a", "b");
        assertThat(read.results().get(0).outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(read.results().get(0).time()).isEqualTo(Instant.parse("2025-11-20T14:01:00Z"));
        assertThat(read.rejected()).extracting(RecordedResults.Rejected::lineNumber).containsExactly(3, 5);
        assertThat(read.errors().get(0)).startsWith("r.jsonl:3: not a probe result (");
        assertThat(read.rejected().get(1).line()).isEqualTo("{\"schema\":1,\"probeId\":\"c\",\"kind\":\"TCP\"}");
    }

    @Test
    void a_result_that_cannot_be_keyed_by_its_flow_is_rejected_with_its_number_and_why() {
        // Given a port no flow can have, and a destination-less probe whose id holds the key separator
        String lines = """
                {"schema":1,"probeId":"p","kind":"TCP","time":"2025-11-20T14:01:00Z","source":"10.0.0.153","destination":"10.0.0.12","protocol":"tcp","port":70000,"outcome":"TIMEOUT","passed":false,"durationMillis":1}
                {"schema":1,"probeId":"e|1","kind":"EXEC","time":"2025-11-20T14:01:00Z","outcome":"ERROR","passed":false,"durationMillis":1}
                {"schema":1,"probeId":"b","kind":"TCP","time":"2025-11-20T14:02:00Z","outcome":"OPEN","passed":true,"durationMillis":1}
                """;
        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(lines)), "r.jsonl");
        // Then
        assertThat(read.results()).extracting(r -> r.probeId()).containsExactly("b");
        assertThat(read.errors()).containsExactly(
                "r.jsonl:1: not a probe result (port must be 0-65535, was 70000)",
                "r.jsonl:2: not a probe result (key part must not contain '|': e|1)");
    }

    @Test
    void a_line_that_is_not_a_probe_result_says_what_is_wrong_in_the_files_terms_not_javas() {
        // Given a line of another file (parse's output), a result without its time, a kind misspelt, a port as text
        String lines = """
                {"time":"2025-11-20T14:01:12Z","action":"DROP","packet":{"source":"10.0.0.153"}}
                {"schema":1,"probeId":"c","kind":"TCP"}
                {"schema":1,"probeId":"d","kind":"TCPX","time":"2025-11-20T14:01:00Z","outcome":"OPEN","passed":true,"durationMillis":1}
                {"schema":1,"probeId":"e","kind":"TCP","time":"2025-11-20T14:01:00Z","port":"https","outcome":"OPEN","passed":true,"durationMillis":1}
                {"schema":1,"probeId":"f",
                """;
        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(lines)), "r.jsonl");
        // Then
        assertThat(read.results()).isEmpty();
        assertThat(read.errors()).containsExactly(
                "r.jsonl:1: not a probe result (probeId is missing)",
                "r.jsonl:2: not a probe result (time is missing)",
                "r.jsonl:3: not a probe result (kind: 'TCPX' is not one of TCP, UDP, DNS, TLS, HTTP, EXEC, FILE)",
                "r.jsonl:4: not a probe result (port: 'https' is not a number)",
                "r.jsonl:5: not a probe result (not whole JSON: the line ends inside it)");
        assertThat(read.errors()).allSatisfy(e -> assertThat(e).doesNotContain("ai.thinkheads", "`", "Cannot"));
    }

    @Test
    void a_file_of_which_not_one_line_is_a_probe_result_is_told_from_one_with_some_lines_broken() {
        // Given a firewall log given by mistake, a results file with one line broken, and a file of blank lines
        String firewallLog = """
                0 5 - 20/Nov/2025:09:00:01 -0500 starting pvefw logger
                102 6 veth102i0-IN 20/Nov/2025:09:01:12 -0500 policy DROP: IN=fwbr102i0 SRC=10.0.0.153 DST=10.0.0.12
                """;
        String someBroken = """
                {"schema":1,"probeId":"b","kind":"TCP","time":"2025-11-20T14:02:00Z","outcome":"OPEN","passed":true,"durationMillis":1}
                not json
                """;
        // When
        RecordedResults.Read wrong = RecordedResults.read(new BufferedReader(new StringReader(firewallLog)), "fw.log");
        RecordedResults.Read broken = RecordedResults.read(new BufferedReader(new StringReader(someBroken)), "r.jsonl");
        RecordedResults.Read blank = RecordedResults.read(new BufferedReader(new StringReader("\n\n")), "b.jsonl");
        // Then
        assertThat(wrong.noProbeResults()).isTrue();
        assertThat(wrong.rejected()).hasSize(2);
        assertThat(broken.noProbeResults()).isFalse();
        assertThat(blank.noProbeResults()).as("blank lines are no wrong file").isFalse();
    }

    @Test
    void a_line_with_more_after_its_result_is_rejected_whole_not_read_as_its_first_result_alone() {
        // Given two results on one line (a file without its last line break concatenated with another), a result with
        // text after it, and a firewall log line (it begins with a number)
        String a = "{\"schema\":1,\"probeId\":\"a\",\"kind\":\"TCP\",\"time\":\"2025-11-20T14:01:00Z\",\"outcome\":\"OPEN\","
                + "\"passed\":true,\"durationMillis\":1}";
        String b = a.replace("\"a\"", "\"b\"");
        String lines = a + b + "\n" + a + " trailing\n" + "0 5 - 20/Nov/2025:09:00:01 -0500 starting pvefw logger\n" + b + "\n";

        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(lines)), "r.jsonl");

        // Then the glued line goes to the dead letters whole, b and all, instead of a alone being published
        assertThat(read.results()).extracting(r -> r.probeId()).containsExactly("b");
        assertThat(read.errors()).containsExactly(
                "r.jsonl:1: not a probe result (more follows the result on its line (two results without a line break "
                        + "between them?))",
                "r.jsonl:2: not a probe result (not JSON: Unrecognized token 'trailing': was expecting (JSON String, "
                        + "Number, Array, Object or token 'null', 'true' or 'false'))",
                "r.jsonl:3: not a probe result (not a JSON object)");
        assertThat(read.rejected().get(0).line()).isEqualTo(a + b);
    }

    @Test
    void a_file_whose_first_ten_lines_hold_no_probe_result_is_not_read_on() {
        // Given a firewall log of 100,000 lines given where recorded results belong, a result in its last line
        String result = "{\"schema\":1,\"probeId\":\"a\",\"kind\":\"TCP\",\"time\":\"2025-11-20T14:01:00Z\","
                + "\"outcome\":\"OPEN\",\"passed\":true,\"durationMillis\":1}";
        String log = "102 6 veth102i0-IN 20/Nov/2025:09:01:12 -0500 policy DROP: IN=fwbr102i0 SRC=10.0.0.153\n".repeat(100_000)
                + result + "\n";

        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(log)), "fw.log");

        // Then reading stopped at the tenth line: the wrong file, neither held nor sent to the dead letters whole
        assertThat(read.cut()).isTrue();
        assertThat(read.noProbeResults()).isTrue();
        assertThat(read.rejected()).hasSize(RecordedResults.WRONG_FILE_LINES);
        assertThat(read.results()).isEmpty();
    }

    @Test
    void a_line_longer_than_any_probe_result_is_rejected_with_its_start_kept_and_the_next_line_is_read() {
        // Given a line of 1.5 million characters (a binary file, a file of one huge line) before a result
        String result = "{\"schema\":1,\"probeId\":\"a\",\"kind\":\"TCP\",\"time\":\"2025-11-20T14:01:00Z\","
                + "\"outcome\":\"OPEN\",\"passed\":true,\"durationMillis\":1}";
        String lines = "{\"a\":\"" + "x".repeat(1_500_000) + "\"}\r\n" + result + "\n";

        // When
        RecordedResults.Read read = RecordedResults.read(new BufferedReader(new StringReader(lines)), "r.jsonl");

        // Then
        assertThat(read.results()).extracting(r -> r.probeId()).containsExactly("a");
        assertThat(read.errors()).containsExactly("r.jsonl:1: not a probe result (a line longer than 1,048,576 characters, "
                + "more than a probe result holds)");
        assertThat(read.rejected().get(0).line()).hasSize(65_537).startsWith("{\"a\":\"xxx");
    }
}
