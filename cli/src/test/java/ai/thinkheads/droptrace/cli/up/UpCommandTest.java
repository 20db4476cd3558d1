package ai.thinkheads.droptrace.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import ai.thinkheads.droptrace.cli.ingest.TailCommand;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpCommandTest {

    @Test
    void up_without_its_configuration_file_says_so_in_one_line() {
        // When
        CliRun run = CliRun.of("up", "--config", "/no/such/up.yaml");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).endsWith("/no/such/up.yaml: no such file").doesNotContain("\n");
    }

    @Test
    void a_bad_namespace_in_the_file_is_the_files_error_not_a_usage_error(@TempDir Path dir) throws Exception {
        // When
        CliRun run = upWith(dir, "namespace: \"Bad Name\"\nstateDir: " + dir + "\n");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("up configuration: namespace:").contains("'Bad Name' is not valid")
                .doesNotContain("--help");
    }

    @Test
    void a_grace_longer_than_the_buckets_are_kept_names_its_key_and_the_longest_allowed(@TempDir Path dir)
            throws Exception {
        // When
        CliRun run = upWith(dir, "stateDir: " + dir + "\ncorrelator:\n  grace: 48h\n");
        // Then: in the file's words, not the minute buckets' no one can set
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).isEqualTo("droptrace: up configuration: correlator.grace must be at most 299 min "
                + "(minute buckets are kept 360 min, and the alerts' baseline takes 61 of them), was 2880 min");
    }

    @Test
    void a_verdict_window_over_an_hour_names_its_key(@TempDir Path dir) throws Exception {
        // When
        CliRun run = upWith(dir, "stateDir: " + dir + "\ncorrelator:\n  verdictWindow: 2h\n");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).isEqualTo("droptrace: up configuration: correlator.verdictWindow must be at most "
                + "60 min, was 120 min");
    }

    @Test
    void a_must_work_flow_that_is_none_names_its_key(@TempDir Path dir) throws Exception {
        // When
        CliRun run = upWith(dir, "stateDir: " + dir + "\ncorrelator:\n  mustWork: [\"10.0.0.153,10.0.0.12,tcp\"]\n");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("droptrace: up configuration: correlator.mustWork: '10.0.0.153,10.0.0.12,tcp' "
                + "is not a flow");
    }

    @Test
    void an_unknown_guarantee_names_its_key_and_the_choices(@TempDir Path dir) throws Exception {
        // When
        CliRun run = upWith(dir, "stateDir: " + dir + "\ncorrelator:\n  guarantee: maybe\n");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("correlator.guarantee: 'maybe' is not one of exactly_once_v2, at_least_once");
    }

    @Test
    void the_files_kafka_config_is_read_relative_to_it_and_needs_a_cluster(@TempDir Path dir) throws Exception {
        // When the file names client settings that are not there, for a cluster; and settings without a cluster
        CliRun missing = upWith(dir, "stateDir: " + dir + "\nkafka:\n  bootstrapServers: 127.0.0.1:1\n"
                + "  config: kafka.properties\n");
        Files.writeString(dir.resolve("kafka.properties"), "security.protocol=SSL\n");
        CliRun embedded = upWith(dir, "stateDir: " + dir + "\nkafka:\n  config: kafka.properties\n");
        // Then each is one line before anything starts
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(missing.err()).contains("cannot read --kafka-config " + dir.resolve("kafka.properties") + ": no such file");
        assertThat(embedded.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(embedded.err().strip()).isEqualTo("droptrace: up configuration: kafka.config is for a cluster given "
                + "with kafka.bootstrapServers (or --bootstrap-servers); the embedded broker needs no client settings: "
                + "name the cluster, or leave kafka.config out");
    }

    @Test
    void a_tail_file_ingest_tail_refuses_is_a_configuration_error_naming_the_key_before_anything_starts(@TempDir Path dir)
            throws Exception {
        // Given a directory, a pipe, a device, a compressed file, a path under a regular file
        Files.createDirectory(dir.resolve("logs"));
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Files.write(dir.resolve("old.log.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
        Files.writeString(dir.resolve("plain"), "x\n");
        // Then each is one line, exit 3, with ingest tail's words
        assertTailRefused(dir, "logs", dir.resolve("logs") + " is a directory: give the log file to follow");
        assertTailRefused(dir, "fifo", fifo + " is not a regular file (a pipe or a device): 'ingest tail' follows log files");
        assertTailRefused(dir, "/dev/null", "/dev/null is not a regular file (a pipe or a device)");
        assertTailRefused(dir, "old.log.gz", dir.resolve("old.log.gz") + " is gzip-compressed: 'ingest tail' follows the "
                + "live log as it grows; for history use 'droptrace replay " + dir.resolve("old.log.gz") + "'");
        assertTailRefused(dir, "plain/fw.log", dir.resolve("plain/fw.log") + " cannot be a file: " + dir.resolve("plain")
                + " is a file, not a directory");
    }

    @Test
    void a_syslog_bind_that_is_not_an_address_of_this_machine_is_a_configuration_error_naming_the_key(@TempDir Path dir)
            throws Exception {
        // When
        CliRun unknown = upWith(dir, "stateDir: " + dir + "\nkafka: {port: 0}\nsyslog: {bind: no-such-host.invalid, udp: 0}\n");
        // Then
        assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(unknown.err().lines()).hasSize(1);
        assertThat(unknown.err()).contains("up configuration: syslog.bind 'no-such-host.invalid' is not an address");
        Assumptions.assumeFalse(Files.readString(Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).strip().equals("1"));
        // When an address of another machine (TEST-NET-1)
        CliRun foreign = upWith(dir, "stateDir: " + dir + "\nkafka: {port: 0}\nsyslog: {bind: 192.0.2.77, tcp: 0}\n");
        // Then
        assertThat(foreign.exitCode()).as(foreign.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(foreign.err()).contains("up configuration: syslog.bind 192.0.2.77 is not an address of this machine");
    }

    @Test
    void a_port_another_process_holds_is_one_line_naming_the_port_and_its_key_before_anything_starts(@TempDir Path dir)
            throws Exception {
        // Given ports held by this test
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
                ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
            // When
            CliRun syslogUdp = upWith(dir, "stateDir: " + dir + "\nkafka: {port: 0}\nsyslog: {udp: " + udp.getLocalPort()
                    + "}\n");
            CliRun syslogTcp = upWith(dir, "stateDir: " + dir + "\nkafka: {port: 0}\nsyslog: {udp: 0, tcp: "
                    + tcp.getLocalPort() + "}\n");
            CliRun kafka = upWith(dir, "stateDir: " + dir + "\nkafka: {port: " + tcp.getLocalPort() + "}\n");
            CliRun api = upWith(dir, "stateDir: " + dir + "\nkafka: {port: 0}\ncorrelator: {apiPort: " + tcp.getLocalPort()
                    + "}\n");
            // Then
            assertThat(syslogUdp.exitCode()).as(syslogUdp.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(syslogUdp.err().lines()).hasSize(1);
            assertThat(syslogUdp.err()).contains("cannot listen on udp://127.0.0.1:" + udp.getLocalPort() + " (syslog.udp): ")
                    .contains("pick another port; 0 picks a free one");
            assertThat(syslogTcp.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(syslogTcp.err()).contains("cannot listen on tcp://127.0.0.1:" + tcp.getLocalPort() + " (syslog.tcp): ");
            assertThat(kafka.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(kafka.err()).contains("cannot listen on tcp://127.0.0.1:" + tcp.getLocalPort() + " (kafka.port): ")
                    .doesNotContain("embedded broker at");
            assertThat(api.exitCode()).as(api.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(api.err()).contains("cannot listen on tcp://127.0.0.1:" + tcp.getLocalPort() + " (correlator.apiPort): ")
                    .doesNotContain("embedded broker at");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kafka: {port: PORT}; syslog: {tcp: PORT}; correlator: {apiPort: 0} "
                + "| kafka.port and syslog.tcp are both tcp port PORT",
        "kafka: {port: 0}; syslog: {tcp: PORT}; correlator: {apiPort: PORT} "
                + "| correlator.apiPort and syslog.tcp are both tcp port PORT",
        "kafka: {port: PORT}; correlator: {apiPort: PORT} | kafka.port and correlator.apiPort are both tcp port PORT",
        "kafka: {port: 0}; syslog: {tcp: PORT}; correlator: {apiAddress: 0.0.0.0, apiAdvertise: pve1, apiPort: PORT} "
                + "| correlator.apiPort and syslog.tcp are both tcp port PORT",
    })
    void two_parts_of_up_on_one_port_are_one_line_naming_both_keys_before_anything_starts(String sections,
            String message, @TempDir Path dir) throws Exception {
        // Given a port free now, given to two of up's own parts
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // (were up to start, it stops at its first step rather than run until SIGTERM)
        UpCommand.afterStep = (step, signal) -> signal.requestStop();
        try {
            // When
            CliRun run = upWith(dir, "stateDir: " + dir.resolve("state") + "\n"
                    + sections.replace("; ", "\n").replace("PORT", Integer.toString(port)) + "\n");
            // Then
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(run.err().strip()).isEqualTo("droptrace: up configuration: " + message.replace("PORT",
                    Integer.toString(port)) + ": up cannot listen on one port twice; pick another for one of "
                    + "them (0 picks a free one)");
        } finally {
            UpCommand.afterStep = (step, signal) -> { };
        }
    }

    @Test
    void the_controller_port_the_embedded_brokers_data_keeps_held_by_another_process_is_one_line_not_a_halt(
            @TempDir Path dir) throws Exception {
        // Given the data of an embedded broker started before, whose controller's port (picked at its first start
        // and kept in its data) another process has taken since
        Path data = Files.createDirectories(dir.resolve("state/kafka/kraft-logs")).getParent();
        Files.writeString(data.resolve("kraft-logs/meta.properties"), "version=1\n");
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            Files.writeString(data.resolve("server.properties"), "listeners=PLAINTEXT\\://127.0.0.1\\:0,"
                    + "CONTROLLER\\://127.0.0.1\\:" + port + "\n");
            // (were up to start, it stops at its first step rather than run until SIGTERM)
            UpCommand.afterStep = (step, signal) -> signal.requestStop();
            // When up starts on that data again
            CliRun run = upWith(dir, "stateDir: " + dir.resolve("state") + "\nkafka: {port: 0}\ncorrelator: {apiPort: 0}\n");
            // Then
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(run.err().lines()).as(run.err()).hasSize(1);
            assertThat(run.err()).startsWith("droptrace: up configuration: cannot listen on tcp://127.0.0.1:" + port
                    + " (the embedded broker's controller port, kept in " + data + " since its first start): ")
                    .contains("'ss -ltnp sport = :" + port + "' shows which process holds it: stop that one");
        } finally {
            UpCommand.afterStep = (step, signal) -> { };
        }
    }

    @Test
    void a_state_directory_that_cannot_be_made_is_a_configuration_error_naming_the_key(@TempDir Path dir) throws Exception {
        // Given
        Files.writeString(dir.resolve("plain"), "x\n");
        // When
        CliRun run = upWith(dir, "stateDir: plain/state\nkafka: {port: 0}\n");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("cannot create the directory " + dir.resolve("plain/state") + " for stateDir");
    }

    @Test
    void a_second_up_on_the_same_state_dir_is_one_line_before_anything_starts_not_a_second_sender(@TempDir Path dir)
            throws Exception {
        // Given a first up's tail of fw.log, holding its position's lock
        Files.writeString(dir.resolve("fw.log"), "x\n");
        String yaml = "stateDir: " + dir.resolve("state") + "\nkafka: {port: 0}\ntail: {files: [fw.log]}\n";
        Files.writeString(dir.resolve("up.yaml"), yaml);
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir,
                new ai.thinkheads.droptrace.cli.common.KafkaOptions());
        Path state = UpIngest.stateFile(settings, dir.resolve("fw.log"));
        try (TailLocks first = TailLocks.take(settings)) {
            // When a second up starts on the same stateDir
            CliRun second = upWith(dir, yaml);
            // Then
            assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(second.err().strip()).isEqualTo("droptrace: up configuration: stateDir: another droptrace is "
                    + "following " + dir.resolve("fw.log") + " with its position in " + state + " (a second 'droptrace up' on "
                    + dir.resolve("state") + "?); stop it, or give this one its own stateDir: both would send every line");
            // And an ingest tail of that position is refused as well
            CliRun tail = CliRun.of("ingest", "tail", dir.resolve("fw.log").toString(), "--state-file", state.toString());
            assertThat(tail.exitCode()).as(tail.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(tail.err()).contains("is using the state file " + state);
        }
    }

    @Test
    void an_up_tailing_a_log_an_ingest_tail_follows_with_its_state_in_state_dir_is_one_line_not_a_second_sender(
            @TempDir Path dir) throws Exception {
        // Given an ingest tail of fw.log whose state file is in up's stateDir (the default one, and the shipped
        // units'), holding the lock of the log it takes beside its state file
        Path log = Files.writeString(dir.resolve("fw.log"), "x\n");
        Path state = Files.createDirectories(dir.resolve("state"));
        String yaml = "stateDir: " + state + "\nkafka: {port: 0}\ncorrelator: {apiPort: 0}\ntail: {files: [fw.log]}\n";
        // (were up to start, it stops at its first step rather than run until SIGTERM)
        UpCommand.afterStep = (step, signal) -> signal.requestStop();
        try (FileChannel tail = FileChannel.open(TailCommand.logLockIn(state, log.toRealPath()),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = tail.lock()) {
            // When up starts with that log in tail.files
            CliRun up = upWith(dir, yaml);
            // Then
            assertThat(up.exitCode()).as(up.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(up.err().strip()).isEqualTo("droptrace: up configuration: tail.files: another droptrace is "
                    + "following " + log.toRealPath() + " (an 'ingest tail' whose --state-file is in " + state
                    + "?); stop it: two tails of one log send every line twice");
        } finally {
            UpCommand.afterStep = (step, signal) -> { };
        }
    }

    @Test
    void ups_tails_hold_the_lock_an_ingest_tail_with_its_state_in_state_dir_takes_on_the_log(@TempDir Path dir)
            throws Exception {
        // Given up's locks of its tail of fw.log
        Path log = Files.writeString(dir.resolve("fw.log"), "x\n");
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nkafka: {port: 0}\ntail: {files: [fw.log]}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir,
                new ai.thinkheads.droptrace.cli.common.KafkaOptions());
        try (TailLocks up = TailLocks.take(settings)) {
            // When an ingest tail with its state file in stateDir (--state-file state/tail-fw.json) takes its lock
            FileChannel tail = TailCommand.tryLockLog(dir.resolve("state"), log.toRealPath(), "the log's lock");
            // Then it finds it held
            assertThat(tail).isNull();
        }
        // And free once up stopped
        try (FileChannel tail = TailCommand.tryLockLog(dir.resolve("state"), log.toRealPath(), "the log's lock")) {
            assertThat(tail).isNotNull();
        }
    }

    @Test
    void ups_tail_of_a_log_not_there_yet_holds_the_lock_an_ingest_tail_of_it_takes(@TempDir Path dir) throws Exception {
        // Given up's locks of its tail of fw.log, which is not written yet
        Files.writeString(dir.resolve("up.yaml"), "stateDir: state\nkafka: {port: 0}\ntail: {files: [fw.log]}\n");
        UpSettings settings = UpSettings.of(UpConfigLoader.load(dir.resolve("up.yaml")), dir,
                new ai.thinkheads.droptrace.cli.common.KafkaOptions());
        try (TailLocks up = TailLocks.take(settings)) {
            // When an ingest tail with its state file in stateDir takes the lock of the log where it will be
            FileChannel tail = TailCommand.tryLockLog(dir.resolve("state"), dir.toRealPath().resolve("fw.log"),
                    "the log's lock");
            // Then it finds it held: both waiting, both would send every line once the log appears
            assertThat(tail).isNull();
        }
    }

    @Test
    void a_second_up_on_the_same_state_dir_with_other_ports_does_not_start_a_second_broker_on_its_data(@TempDir Path dir)
            throws Exception {
        // Given a first up's embedded broker, holding the lock of its data in <stateDir>/kafka
        Path state = Files.createDirectories(dir.resolve("state"));
        String yaml = "stateDir: " + state + "\nkafka: {port: 0}\ncorrelator: {apiPort: 0}\n";
        // (were the second up to start its broker, it stops at its first step rather than run until SIGTERM)
        UpCommand.afterStep = (step, signal) -> signal.requestStop();
        try (FileChannel first = FileChannel.open(state.resolve("kafka.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = first.lock()) {
            // When a second up starts on the same stateDir, its ports free
            CliRun second = upWith(dir, yaml);
            // Then
            assertThat(second.exitCode()).as(second.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(second.err().strip()).isEqualTo("droptrace: up configuration: stateDir: another droptrace up "
                    + "runs its embedded broker on " + state.resolve("kafka") + " (a second 'droptrace up' on " + state
                    + "?); stop it, or give this one its own stateDir: two brokers on one data directory corrupt it");
        } finally {
            UpCommand.afterStep = (step, signal) -> { };
        }
    }

    private static void assertTailRefused(Path dir, String file, String message) throws Exception {
        // When
        CliRun run = upWith(dir, "stateDir: " + dir.resolve("state") + "\nkafka: {port: 0}\n"
                + "tail: {files: [fw.log, \"" + file + "\"]}\n");
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().lines()).as(run.err()).hasSize(1);
        assertThat(run.err()).contains("up configuration: tail.files: " + message).doesNotContain("kafka");
    }

    /** {@code droptrace up} with {@code yaml} as its configuration file. */
    private static CliRun upWith(Path dir, String yaml) throws Exception {
        Path config = dir.resolve("up.yaml");
        Files.writeString(config, yaml);
        return CliRun.of("up", "--config", config.toString());
    }
}
