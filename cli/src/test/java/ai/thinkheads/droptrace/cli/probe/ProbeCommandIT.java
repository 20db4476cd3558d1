package ai.thinkheads.droptrace.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliJvm;
import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.core.flow.FlowKey;
import ai.thinkheads.droptrace.core.json.Json;
import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.core.topic.Namespace;
import ai.thinkheads.droptrace.core.topic.Topics;
import ai.thinkheads.droptrace.deploy.kafka.SharedKafkaBroker;
import ai.thinkheads.droptrace.probes.publish.ResultsFile;
import ai.thinkheads.droptrace.probes.testing.Ports;
import ai.thinkheads.droptrace.probes.testing.StepCaTestServer;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafkaBroker.class)
class ProbeCommandIT {

    @TempDir
    static Path dir;
    static ServerSocket listener;
    static StepCaTestServer ca;
    static Path config;
    static int closed;

    @BeforeAll
    static void servers() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        TestPki pki = new TestPki("CLI Test CA");
        ca = new StepCaTestServer(pki.leaf("ca.internal.test", List.of("ca.internal.test")),
                List.<String[]>of(new String[] {"ACME", "acme"}), pki.root.certificate());
        closed = Ports.closedTcp();
        config = Files.writeString(dir.resolve("probes.yaml"), """
                site:
                  host: {name: testhost, addresses: [127.0.0.1]}
                  guests:
                    - {vmid: 101, name: lab-guest, type: lxc, addresses: [127.0.0.1], exec: [env, "DROPTRACE_GUEST={vmid}"]}
                trust:
                  ca-root: {file: %s}
                probes:
                  - {id: web-open, from: lab-guest, to: 127.0.0.1, kind: tcp, port: %d, timeout: 2s}
                  - {id: web-closed, to: 127.0.0.1, kind: tcp, port: %d, timeout: 2s}
                  - {id: ca-health, to: 127.0.0.1, kind: http, port: %d, timeout: 2s,
                     http: {serverName: ca.internal.test, trust: ca-root, path: /health, json: [{pointer: /status, equals: ok}]}}
                """.formatted(pki.writeRoot(dir, "root.crt"), listener.getLocalPort(), closed, ca.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        listener.close();
        ca.close();
    }

    @Test
    void run_once_prints_a_table_publishes_to_the_topic_and_exits_with_check_failed() throws Exception {
        // Given
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path results = dir.resolve("results.jsonl");
        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--bootstrap-servers", bootstrap,
                "--namespace", "probe-it", "--results-file", results.toString());
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(run.out()).containsPattern("PROBE +KIND +FROM +TO +PORT +OUTCOME +RESULT")
                .containsPattern("web-open +tcp +lab-guest +127\\.0\\.0\\.1 +\\d+ +OPEN +ok")
                .containsPattern("web-closed +tcp +local +127\\.0\\.0\\.1 +\\d+ +REFUSED +FAIL")
                .containsPattern("ca-health +http +local .* HTTP_OK +ok");
        assertThat(run.err()).contains("3 probes: 2 passed, 1 failed; results on droptrace.probe-it.probe-results");
        Map<String, ProbeResult> onTopic = readTopic(bootstrap, Topics.PROBE_RESULTS.name(Namespace.of("probe-it")), 3);
        assertThat(onTopic).containsKey("127.0.0.1|127.0.0.1|tcp|" + closed);
        assertThat(onTopic.get("127.0.0.1|127.0.0.1|tcp|" + closed).outcome()).isEqualTo(ProbeOutcome.REFUSED);
        assertThat(ResultsFile.read(results)).extracting(ProbeResult::probeId).containsExactly("web-open", "web-closed", "ca-health");
    }

    @Test
    void run_once_whose_results_kafka_refuses_still_prints_them_then_says_so_with_exit_4() throws Exception {
        // Given: the namespace's probe-results topic takes records of at most 100 bytes (a cluster's max.message.bytes)
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("droptrace.probe-refused-it.probe-results", 3, (short) 1)
                    .configs(Map.of("max.message.bytes", "100")))).all().get(30, TimeUnit.SECONDS);
        }
        // When
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--bootstrap-servers", bootstrap,
                "--namespace", "probe-refused-it", "--only", "web-open,web-closed");
        // Then: the results measured are printed, and the refusal is one line with Kafka's exit code
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.KAFKA_UNAVAILABLE);
        assertThat(run.out()).containsPattern("web-open +tcp +lab-guest +127\\.0\\.0\\.1 +\\d+ +OPEN +ok")
                .containsPattern("web-closed +tcp +local +127\\.0\\.0\\.1 +\\d+ +REFUSED +FAIL");
        assertThat(run.err()).contains("2 probes: 1 passed, 1 failed")
                .contains("droptrace: Kafka did not accept 2 of 2 probe results on droptrace.probe-refused-it.probe-results")
                .doesNotContain("Exception");
    }

    @Test
    void replay_of_recorded_results_without_a_namespace_goes_where_replay_puts_the_logs_not_into_live() throws Exception {
        // Given results recorded by a run
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path recorded = dir.resolve("recorded.jsonl");
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--only", "web-closed",
                "--results-file", recorded.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CHECK_FAILED);

        // When they are replayed as 'droptrace replay' replays the logs of the time: without --namespace
        CliRun replay = CliRun.of("probe", "replay", recorded.toString(), "--bootstrap-servers", bootstrap);

        // Then they are beside those logs, not among the results a live correlator decides on
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.OK);
        assertThat(replay.out()).contains("Published 1 probe result").contains("to droptrace.replay.probe-results;")
                // the probe's start, taken to the microsecond, to the second as every text output shows times
                .containsPattern("Published 1 probe result \\((\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)"
                        + " \\.\\. \\1\\) to ");
        assertThat(readTopic(bootstrap, Topics.PROBE_RESULTS.name(Namespace.of("replay")), 1))
                .containsKey("127.0.0.1|127.0.0.1|tcp|" + closed);
    }

    @Test
    void replay_of_a_file_without_one_probe_result_in_it_exits_9_and_asks_whether_it_is_the_right_file() throws Exception {
        // Given a firewall log given where recorded results belong
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), """
                0 5 - 20/Nov/2025:09:00:01 -0500 starting pvefw logger
                102 6 veth102i0-IN 20/Nov/2025:09:01:12 -0500 policy DROP: IN=fwbr102i0 SRC=10.0.0.153 DST=10.0.0.12

                """);

        // When
        CliRun replay = CliRun.of("probe", "replay", log.toString(), "--bootstrap-servers", bootstrap,
                "--namespace", "probe-wrong-file");

        // Then it ends with exit 9 as parse and replay end for the wrong file, in one line, its lines not dead-lettered
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.NO_FIREWALL_LINES);
        assertThat(replay.err()).isEqualTo("droptrace: " + log + ": not one of its 2 lines is a probe result (line 1: not a "
                + "JSON object); is it the right file? probe replay reads the JSON lines 'probe run --results-file' writes; "
                + "nothing was published" + System.lineSeparator());
        assertThat(replay.out()).isEmpty();
    }

    @Test
    void replay_reads_a_gzip_results_file_and_a_line_that_is_not_utf_8_is_a_dead_letter_not_the_end_of_the_file()
            throws Exception {
        // Given a results file rotated and compressed, whose first line holds a byte that is not UTF-8
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        String result = "{\"schema\":1,\"probeId\":\"gz\",\"kind\":\"TCP\",\"time\":\"2025-11-20T14:01:00Z\","
                + "\"outcome\":\"OPEN\",\"passed\":true,\"durationMillis\":1}\n";
        Path gz = dir.resolve("results.jsonl.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[] {(byte) 0xFF, '\n'});
            out.write(result.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        // When
        CliRun replay = CliRun.of("probe", "replay", gz.toString(), "--bootstrap-servers", bootstrap,
                "--namespace", "probe-gzip");

        // Then
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(replay.err()).contains(gz + ":1: not a probe result");
        assertThat(replay.out()).contains("Published 1 probe result", "1 line to the dead-letter topic");
        assertThat(readTopic(bootstrap, Topics.PROBE_RESULTS.name(Namespace.of("probe-gzip")), 1)).hasSize(1);
    }

    @Test
    void run_once_with_json_and_only_prints_the_topic_shape_and_exits_ok() throws Exception {
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--once", "--no-kafka", "--output", "json",
                "--only", "web-open,ca-health");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        List<ProbeResult> results = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            results.add(Json.events().readValue(line, ProbeResult.class));
        }
        assertThat(results).extracting(ProbeResult::outcome).containsExactly(ProbeOutcome.OPEN, ProbeOutcome.HTTP_OK);
        assertThat(results.get(1).tls().chain()).hasSize(2);
    }

    @Test
    void list_shows_the_phoenix_matrix_and_a_bad_config_is_one_line_with_exit_3() throws Exception {
        CliRun list = CliRun.of("probe", "list", "--config", Path.of("..", "deploy", "phoenix", "phoenix.yaml").toString());
        assertThat(list.exitCode()).as(list.err()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).containsPattern("ID +KIND +FROM +TO +DESTINATION +PORT")
                .containsPattern("nginx-to-traefik-mesh +tls +nginx-phoenix +traefik-internal +10\\.0\\.0\\.12 +8443")
                .contains("pct exec 101 --").contains("qm guest exec 1001 --pass-stdin 1 --");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "site:\n  host: {name: h}\nprobes:\n  - {id: a, to: 10.0.0.1, kind: tcp, port: 80, prot: tcp}\n");
        CliRun invalid = CliRun.of("probe", "list", "--config", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(invalid.err().strip()).isEqualTo("droptrace: " + bad + ": unknown key 'prot' in probes[0] (line 4)");
    }

    @Test
    void run_repeats_probes_for_a_while_without_once() {
        CliRun run = CliRun.of("probe", "run", "--config", config.toString(), "--no-kafka", "--only", "web-closed", "--for", "3s",
                "--output", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().strip().split("\n")).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"REFUSED\""));
    }

    @Test
    void a_stop_that_signals_the_guest_command_too_reports_no_false_failure() throws Exception {
        // Given probe run following a probe whose guest command runs for a while
        SlowRun run = SlowRun.start("slow");
        ProcessHandle jvm = run.sleep().parent().orElseThrow(); // env ran sleep in its place

        // When it is stopped as systemd stops a unit: SIGTERM to every process of its control group at once
        run.sleep().destroy();
        jvm.destroy();
        assertThat(run.timeout().waitFor(60, TimeUnit.SECONDS)).isTrue();

        // Then the command's end by the signal is no EXEC_FAILED result: nothing written, and the summary says why
        String said = Files.readString(run.output());
        assertThat(run.timeout().exitValue()).as(said).isIn(0, 143); // 143: the JVM's own end by SIGTERM
        assertThat(said).contains("0 probe runs. 1 run cut short by the stop (the signal reached its command too): not reported.");
        assertThat(run.results()).satisfiesAnyOf(f -> assertThat(f).doesNotExist(), f -> assertThat(f).isEmptyFile());
    }

    @Test
    void a_stop_of_run_once_ends_the_guest_commands_instead_of_leaving_them_behind() throws Exception {
        // Given probe run --once with a guest command that runs for a while
        SlowRun run = SlowRun.start("slow-once", "--once");
        ProcessHandle jvm = run.sleep().parent().orElseThrow();

        // When droptrace alone gets SIGTERM (kill PID; a Ctrl-C would reach the command as well)
        String said = run.stopAlone(jvm);

        // Then the command did not outlive droptrace (stopAlone checked it), and its end is neither a result nor silent
        assertThat(said).contains("Stopped: 1 probe of 1 not reported (cut short by the stop, or not started).");
        assertThat(run.results()).satisfiesAnyOf(f -> assertThat(f).doesNotExist(), f -> assertThat(f).isEmptyFile());
    }

    @Test
    void a_stop_of_run_once_ends_a_guest_command_that_ignores_sigterm_too() throws Exception {
        // Given probe run --once with a guest command that ignores SIGTERM and would run for minutes
        SlowRun run = SlowRun.startWith("stubborn-once", "[sh, -c, \"trap '' TERM; sleep 300\"]", "--once");
        ProcessHandle jvm = CliJvm.jvm(run.timeout());

        // When droptrace gets SIGTERM
        String said = run.stopAlone(jvm);

        // Then the command did not outlive droptrace (stopAlone checked it), and the stop said what it did not report
        assertThat(said).contains("Stopped: 1 probe of 1 not reported (cut short by the stop, or not started).");
    }

    @Test
    void a_stop_on_the_schedule_ends_a_run_that_would_outlast_the_jvms_end_instead_of_leaving_its_command_behind()
            throws Exception {
        // Given probe run on its schedule, with a guest command of a timeout (40 s) longer than the 30 s the JVM waits
        SlowRun run = SlowRun.startWith("long-schedule", "[sleep, \"300\"]");
        ProcessHandle jvm = CliJvm.jvm(run.timeout());

        // When droptrace alone gets SIGTERM (kill PID), so the command does not
        String said = run.stopAlone(jvm);

        // Then the command did not outlive droptrace (stopAlone checked it), and the stop ended with its count of runs
        assertThat(said).contains("0 probe runs. 1 run cut short by the stop (the signal reached its command too): not reported.");
    }

    /** probe run in a JVM of its own, on one exec probe whose guest command ({@code sleep 30}) runs for a while. */
    private record SlowRun(Process timeout, ProcessHandle sleep, Path output, Path results) {

        /** SIGTERM to droptrace's JVM alone (kill PID): what it said once it ended, its guest command checked to be gone. */
        String stopAlone(ProcessHandle jvm) throws Exception {
            jvm.destroy();
            assertThat(timeout.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String said = Files.readString(output);
            assertThat(sleep.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join()).as(said).isNotNull();
            assertThat(sleep.isAlive()).as(said).isFalse();
            return said;
        }

        static SlowRun start(String name, String... mode) throws Exception {
            return startWith(name, "[sleep, \"30\"]", mode);
        }

        /** With {@code command} (YAML, a flow sequence) as the guest command; it runs a {@code sleep}. */
        static SlowRun startWith(String name, String command, String... mode) throws Exception {
            Path slow = Files.writeString(dir.resolve(name + ".yaml"), """
                    site:
                      host: {name: testhost, addresses: [127.0.0.1]}
                      guests:
                        - {vmid: 101, name: lab-guest, type: lxc, addresses: [127.0.0.1], exec: [env, "DROPTRACE_GUEST={vmid}"]}
                    probes:
                      - {id: slow-exec, from: lab-guest, kind: exec, timeout: 40s, exec: {command: %s}}
                    """.formatted(command));
            Path results = dir.resolve(name + "-results.jsonl");
            Path output = dir.resolve(name + ".out");
            List<String> args = new ArrayList<>(List.of("probe", "run"));
            args.addAll(List.of(mode));
            args.addAll(List.of("--config", slow.toString(), "--no-kafka", "--results-file", results.toString()));
            Process timeout = CliJvm.start(output, 120, args.toArray(String[]::new));
            return new SlowRun(timeout, awaitDescendant(timeout.toHandle(), "sleep"), output, results);
        }
    }

    /** Waits up to 60 s for a process named {@code name} under {@code parent}. */
    private static ProcessHandle awaitDescendant(ProcessHandle parent, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            var found = parent.descendants().filter(h -> h.info().command().orElse("").endsWith("/" + name)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + name + " under " + parent.pid());
    }

    private static Map<String, ProbeResult> readTopic(String bootstrap, String topic, int expected) throws Exception {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-it-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ProbeResult> values = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, Topics.PROBE_RESULTS.keySerde().deserializer(),
                Topics.PROBE_RESULTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    FlowKey key = r.key();
                    values.put(key.encode(), r.value());
                }
            }
        }
        return values;
    }
}
