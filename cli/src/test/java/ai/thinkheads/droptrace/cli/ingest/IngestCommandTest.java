package ai.thinkheads.droptrace.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.thinkheads.droptrace.cli.CliRun;
import ai.thinkheads.droptrace.cli.common.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options of {@code ingest listen} and {@code ingest tail} that are wrong are usage errors before any broker starts. */
class IngestCommandTest {

    @Test
    void tailing_a_directory_is_a_usage_error_and_starts_nothing(@TempDir Path dir) {
        // When
        CliRun run = CliRun.of("ingest", "tail", dir.toString(), "--state-file", dir.resolve("state.json").toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(dir + " is a directory: give the log file to follow")
                .doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void a_follower_stopped_by_the_file_system_says_why_in_words_not_the_bare_path() {
        // the JDK's AccessDeniedException has the path alone as its message
        assertThat(TailCommand.described(new java.nio.file.AccessDeniedException("/var/log/pve-firewall.log")))
                .isEqualTo("/var/log/pve-firewall.log: permission denied");
        assertThat(TailCommand.described(new java.nio.file.FileSystemException("/var/log/pve-firewall.log", null,
                "Input/output error"))).isEqualTo("/var/log/pve-firewall.log: Input/output error");
        assertThat(TailCommand.described(new IllegalStateException("the state file is damaged")))
                .isEqualTo("the state file is damaged");
    }

    @Test
    void tailing_a_file_this_user_cannot_read_is_a_usage_error_that_says_so(@TempDir Path dir) throws Exception {
        // Given a log only its owner may read (root reads any file, so this runs as another user only)
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "skipped: root reads every file (checked by hand as nobody, see docs/ingest.md)");
        Path log = Files.writeString(dir.resolve("pve-firewall.log"), "");
        Files.setPosixFilePermissions(log, java.util.Set.of());
        // When
        CliRun run = CliRun.of("ingest", "tail", log.toString(), "--state-file", dir.resolve("state.json").toString());
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("cannot read " + log + ": permission denied")
                .doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void tailing_a_path_under_a_file_is_a_usage_error_and_starts_nothing_not_a_tail_that_fails_later(@TempDir Path dir)
            throws Exception {
        // Given a file where the log's folder should be: the log can never appear
        java.nio.file.Files.writeString(dir.resolve("fw.log"), "x\n");
        Path log = dir.resolve("fw.log/pve-firewall.log");
        // When
        CliRun run = CliRun.of("ingest", "tail", log.toString(), "--state-file", dir.resolve("state.json").toString());
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).containsExactly("droptrace: " + log + " cannot be a file: " + dir.resolve("fw.log")
                + " is a file, not a directory");
    }

    @Test
    void tailing_a_pipe_or_a_device_is_a_usage_error_that_says_what_to_do_instead(@TempDir Path dir) throws Exception {
        // Given
        Path fifo = dir.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available here");
        for (Path path : new Path[] {fifo, Path.of("/dev/null")}) {
            // When
            CliRun run = CliRun.of("ingest", "tail", path.toString(), "--state-file", dir.resolve("s.json").toString());
            // Then
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().lines()).containsExactly("droptrace: " + path + " is not a regular file (a pipe or a "
                    + "device): 'ingest tail' follows log files; pipe the lines into 'droptrace parse', or send them to "
                    + "'droptrace ingest listen'");
        }
    }

    @Test
    void a_state_file_droptrace_did_not_write_is_one_line_before_anything_starts(@TempDir Path dir) throws Exception {
        // Given a log, a state file that is not JSON, and one with a negative offset
        Path log = dir.resolve("fw.log");
        Files.writeString(log, "x\n");
        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "garbage{");
        Path negative = dir.resolve("negative.json");
        Files.writeString(negative, "{\"path\":\"" + log + "\",\"file\":\"1:2\",\"offset\":-5,\"partitionOffsets\":{}}");
        for (Path state : new Path[] {garbage, negative}) {
            // When
            CliRun run = CliRun.of("ingest", "tail", log.toString(), "--state-file", state.toString());
            // Then
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(run.err().lines()).hasSize(1).first().asString()
                    .startsWith("droptrace: " + state + " is not a tail position droptrace wrote (")
                    .endsWith("); delete it to follow " + log + " from its start")
                    .doesNotContain("Started an embedded Kafka broker");
        }
        assertThat(Files.readString(garbage)).as("left as it was").isEqualTo("garbage{");
    }

    @Test
    void the_log_itself_as_its_state_file_is_one_line_that_does_not_say_to_delete_it(@TempDir Path dir) throws Exception {
        // Given
        Path log = dir.resolve("fw.log");
        Files.writeString(log, "Nov 27 10:00:00 pve1 kernel: [ 1.0] DROP IN=fwbr101i0\n");
        // When
        CliRun run = CliRun.of("ingest", "tail", log.toString(), "--state-file", log.toString());
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).isEqualTo("droptrace: --state-file " + log + " is the log it follows, not a tail "
                + "position: give the position a file of its own (or leave --state-file out)");
        assertThat(Files.readString(log)).as("left as it was").startsWith("Nov 27");
    }

    @Test
    void the_state_file_of_another_log_is_one_line_before_anything_starts(@TempDir Path dir) throws Exception {
        // Given the position of a tail of another log in the state file given
        Path log = dir.resolve("fw.log");
        Files.writeString(log, "x\n");
        Path state = dir.resolve("state.json");
        String other = "{\"path\":\"/var/log/pve-firewall.log\",\"file\":\"1:2\",\"offset\":5,\"partitionOffsets\":{}}";
        Files.writeString(state, other);
        // When
        CliRun run = CliRun.of("ingest", "tail", log.toString(), "--state-file", state.toString());
        // Then
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).hasSize(1).first().asString().isEqualTo("droptrace: --state-file " + state
                + " keeps the position in /var/log/pve-firewall.log, not in " + log + ": give this tail its own "
                + "--state-file (or delete that one to follow " + log + " from its start)");
        assertThat(Files.readString(state)).as("left as it was").isEqualTo(other);
    }

    @Test
    void tailing_a_compressed_rotated_file_is_a_usage_error_that_points_to_replay(@TempDir Path dir) throws Exception {
        // Given: a rotated, gzip-compressed log and an xz one (logrotate's compresscmd)
        Path gz = dir.resolve("pve-firewall.log.2.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("0 5 - 14/Mar/2025:09:20:15 +0100 starting pvefw logger\n".getBytes());
        }
        Path xz = Files.write(dir.resolve("pve-firewall.log.3.xz"), new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1});

        // When
        CliRun gzRun = CliRun.of("ingest", "tail", gz.toString());
        CliRun xzRun = CliRun.of("ingest", "tail", xz.toString());

        // Then
        assertThat(gzRun.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(gzRun.err().strip()).isEqualTo("droptrace: " + gz + " is gzip-compressed: 'ingest tail' follows the "
                + "live log as it grows; for history use 'droptrace replay " + gz + "'");
        assertThat(xzRun.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(xzRun.err()).contains(" is xz-compressed: ").doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void a_poll_interval_of_zero_or_less_is_a_usage_error(@TempDir Path dir) {
        // When
        CliRun run = CliRun.of("ingest", "tail", dir.resolve("fw.log").toString(), "--poll", "0");
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).startsWith("droptrace: Invalid value for option '--poll': '0' is out of range: "
                + "1ms to 60s (the pause between looks at the file; a number alone is milliseconds)");
    }

    @Test
    void a_poll_interval_is_written_as_every_other_duration_and_as_up_writes_tail_poll(@TempDir Path dir) {
        // When: 200ms as deploy/phoenix/droptrace-up.yaml writes tail.poll (a directory, so nothing starts after it)
        CliRun run = CliRun.of("ingest", "tail", dir.toString(), "--poll", "200ms",
                "--state-file", dir.resolve("state.json").toString());

        // Then: read, not "'200ms' is not a long"
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(dir + " is a directory: give the log file to follow").doesNotContain("--poll");
    }

    @Test
    void a_second_tail_of_the_same_state_file_is_one_line_and_starts_nothing(@TempDir Path dir) throws Exception {
        // Given a running tail's lock on the state file (taken here, as that tail would)
        Path state = dir.resolve("state.json");
        try (java.nio.channels.FileChannel running = java.nio.channels.FileChannel.open(dir.resolve("state.json.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = running.lock()) {
            // When
            CliRun second = CliRun.of("ingest", "tail", dir.resolve("fw.log").toString(), "--state-file", state.toString());
            // Then
            assertThat(second.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(second.err().strip()).isEqualTo("droptrace: another 'droptrace ingest tail' is using the state file "
                    + state + " (a droptrace service?); stop it, or give this one its own --state-file");
        }
    }

    @Test
    void the_default_state_file_is_the_same_however_the_path_of_the_log_is_spelt() {
        // Given one log written four ways (a restart typed ./fw.log where the unit has the full path)
        Path log = Path.of("/var/log/pve-firewall.log");

        // When / Then each keeps its position in the one state file, not a new one that reads the log again from 0
        assertThat(TailCommand.defaultStateFile(log))
                .isEqualTo(TailCommand.defaultStateFile(Path.of("/var/log/./pve-firewall.log")))
                .isEqualTo(TailCommand.defaultStateFile(Path.of("/var/log/../log/pve-firewall.log")))
                .isEqualTo(TailCommand.defaultStateFile(Path.of("").toAbsolutePath().relativize(log)))
                .isEqualTo(TailCommand.defaultStateFile(Path.of("./" + Path.of("").toAbsolutePath().relativize(log))));
    }

    @Test
    void a_second_tail_of_one_log_through_a_symbolic_link_is_one_line_and_starts_nothing(@TempDir Path dir)
            throws Exception {
        // Given a log, a link to it, and a running tail's lock on the log (taken here, as that tail would)
        Path log = java.nio.file.Files.writeString(dir.resolve("fw.log"), "");
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link.log"), log);
        Path state = dir.resolve("link-state.json");
        try (java.nio.channels.FileChannel running = java.nio.channels.FileChannel.open(
                TailCommand.logLockFile(log.toRealPath(), dir.resolve("fw-state.json")),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = running.lock()) {
            // When a tail of the link with its own state file beside the first one's starts
            CliRun second = CliRun.of("ingest", "tail", link.toString(), "--state-file", state.toString());
            // Then
            assertThat(second.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(second.err().strip()).isEqualTo("droptrace: another droptrace ('ingest tail', or 'up' whose "
                    + "stateDir is " + dir + ") is following " + log.toRealPath() + " (" + link + " is another name of "
                    + "it); stop it: two tails of one log send every line twice");
        }
    }

    @Test
    void a_second_tail_of_a_log_not_there_yet_under_another_name_is_one_line_and_starts_nothing(@TempDir Path dir)
            throws Exception {
        // Given a log not written yet, a link to where it will be, and a tail waiting for the log that holds its lock
        Path log = dir.toRealPath().resolve("fw.log");
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link.log"), Path.of("fw.log"));
        try (java.nio.channels.FileChannel running = java.nio.channels.FileChannel.open(
                TailCommand.logLockFile(TailCommand.realPathOf(log), dir.resolve("fw-state.json")),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = running.lock()) {
            // When a tail of the link with its own state file beside the first one's starts
            CliRun second = CliRun.of("ingest", "tail", link.toString(), "--state-file",
                    dir.resolve("link-state.json").toString());
            // Then it does not wait for the log too: both would send every line once it appears
            assertThat(second.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(second.err().strip()).isEqualTo("droptrace: another droptrace ('ingest tail', or 'up' whose "
                    + "stateDir is " + dir + ") is following " + log + " (" + link + " is another name of "
                    + "it); stop it: two tails of one log send every line twice");
        }
    }

    @Test
    void a_log_not_there_yet_has_the_real_path_it_will_have_once_written(@TempDir Path dir) throws Exception {
        // Given a folder reached through a link, and a link to a log not written yet
        Path real = java.nio.file.Files.createDirectories(dir.resolve("real")).toRealPath();
        Path folderLink = java.nio.file.Files.createSymbolicLink(dir.resolve("var"), real);
        Path logLink = java.nio.file.Files.createSymbolicLink(dir.resolve("link.log"), folderLink.resolve("fw.log"));
        // When / Then each name of it is the file it will be
        assertThat(TailCommand.realPathOf(folderLink.resolve("fw.log"))).isEqualTo(real.resolve("fw.log"));
        assertThat(TailCommand.realPathOf(logLink)).isEqualTo(real.resolve("fw.log"));
        assertThat(TailCommand.realPathOf(folderLink.resolve("sub/../fw.log"))).isEqualTo(real.resolve("fw.log"));
        java.nio.file.Files.writeString(real.resolve("fw.log"), "x\n");
        assertThat(TailCommand.realPathOf(logLink)).isEqualTo(real.resolve("fw.log").toRealPath());
    }

    @ParameterizedTest
    @CsvSource({
        "--tcp, 99999, --udp, 0, '--tcp 99999 is not a port (0-65535; 0 picks a free one)'",
        "--udp, -1, --tcp, 0, '--udp -1 is not a port (0-65535; 0 picks a free one)'",
        "--bind, ::zz, --tcp, 0, '--bind ''::zz'' is not an address'",
        "--bind, 192.0.2.1, --tcp, 0, '--bind 192.0.2.1 is not an address of this machine'",
        "--max-frame, 0, --tcp, 0, '--max-frame 0 is out of range: 256 to 1,048,576'",
        "--max-connections, 0, --tcp, 0, '--max-connections 0 is out of range: 1 to 65,536 (with none, no TCP/TLS sender is served)'",
        "--udp-buffer, 0, --udp, 0, '--udp-buffer 0 is out of range: 4,096 to 1,073,741,824'",
        "--allow, 10.0.0.1/24, --udp, 0, '--allow ''10.0.0.1/24'' has bits set after its /24 (the network is 10.0.0.0/24)'",
        "--allow, pve2, --udp, 0, '--allow ''pve2'' is not an IP address or network'"})
    void a_bad_port_address_or_size_is_a_usage_error_and_starts_nothing(String option, String value, String other,
            String otherValue, String message) {
        // When: no --bootstrap-servers, so the embedded broker would start if the options got that far
        // (the bad address is an IPv6 literal: refused without a DNS query; 192.0.2.1, a documentation
        // address, is this machine's only where the kernel lets any address be bound)
        org.junit.jupiter.api.Assumptions.assumeFalse(value.equals("192.0.2.1") && nonLocalBind(),
                "net.ipv4.ip_nonlocal_bind=1 here: any address can be bound");
        CliRun run = CliRun.of("ingest", "listen", option, value, other, otherValue);

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message).doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void the_tcp_and_the_tls_receiver_given_one_port_is_a_usage_error_and_starts_nothing() {
        // When: both on 6514 (before, the TCP receiver opened it once Kafka was up, and the TLS one then failed with
        // 'Address already in use (is another receiver running? ...)', exit 1)
        CliRun run = CliRun.of("ingest", "listen", "--tcp", "6514", "--tls", "6514");

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo("droptrace: --tcp and --tls are both port 6514: plain TCP and TLS "
                + "cannot listen on one port; pick another for one of them (0 picks a free one)");
    }

    private static boolean nonLocalBind() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).strip().equals("1");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void a_tls_file_that_is_missing_or_not_pem_is_one_configuration_error_and_starts_nothing(@TempDir Path dir)
            throws Exception {
        // Given
        Path missing = dir.resolve("server.pem");
        Path notPem = java.nio.file.Files.writeString(dir.resolve("server.key"), "not a pem\n");

        // When
        CliRun none = CliRun.of("ingest", "listen", "--tls", "0", "--tls-cert", missing.toString(), "--tls-key",
                notPem.toString());
        CliRun bad = CliRun.of("ingest", "listen", "--tls", "0", "--tls-cert", notPem.toString(), "--tls-key",
                notPem.toString());

        // Then
        assertThat(none.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(none.err().strip()).isEqualTo("droptrace: cannot read the TLS file " + missing + ": no such file");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(bad.err()).contains("droptrace: cannot load the TLS certificate or key")
                .doesNotContain("Started an embedded Kafka broker");
    }

    @ParameterizedTest
    @CsvSource({
        "--tls-cert, '--tls-cert is for the TLS receiver: give its port with --tls PORT (e.g. --tls 6514)'",
        "--tls-keystore, '--tls-keystore is for the TLS receiver: give its port with --tls PORT (e.g. --tls 6514)'",
        "--tls-password-file, '--tls-password-file is for the TLS receiver: give its port with --tls PORT'"})
    void a_tls_option_without_the_tls_port_is_a_usage_error_not_ignored(String option, String message,
            @TempDir Path dir) throws Exception {
        // Given: the file exists, so only the missing --tls is wrong
        Path file = Files.writeString(dir.resolve("x.pem"), "x\n");

        // When
        CliRun run = CliRun.of("ingest", "listen", "--udp", "0", option, file.toString());

        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(message).doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void a_keystore_password_for_pem_files_or_given_twice_is_a_usage_error(@TempDir Path dir) throws Exception {
        // Given
        Path pem = Files.writeString(dir.resolve("x.pem"), "x\n");
        Path password = Files.writeString(dir.resolve("password"), "secret\n");

        // When
        CliRun forPem = CliRun.of("ingest", "listen", "--tls", "0", "--tls-cert", pem.toString(), "--tls-key",
                pem.toString(), "--tls-password", "secret");
        CliRun twice = CliRun.of("ingest", "listen", "--tls", "0", "--tls-keystore", pem.toString(), "--tls-password",
                "secret", "--tls-password-file", password.toString());

        // Then
        assertThat(forPem.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(forPem.err().strip()).isEqualTo("droptrace: --tls-password is the password of --tls-keystore, which "
                + "is not given (PEM keys are read unencrypted)");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err().strip()).isEqualTo("droptrace: give --tls-password or --tls-password-file, not both");
    }

    @Test
    void a_keystore_beside_pem_files_is_a_usage_error_not_the_pem_files_passed_over(@TempDir Path dir) throws Exception {
        // Given
        Path pem = Files.writeString(dir.resolve("x.pem"), "x\n");
        Path keystore = Files.writeString(dir.resolve("x.p12"), "x\n");

        // When
        CliRun both = CliRun.of("ingest", "listen", "--tls", "0", "--tls-keystore", keystore.toString(), "--tls-cert",
                pem.toString(), "--tls-key", pem.toString());
        CliRun key = CliRun.of("ingest", "listen", "--tls", "0", "--tls-keystore", keystore.toString(), "--tls-key",
                pem.toString());

        // Then
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err().strip()).isEqualTo("droptrace: give --tls-keystore, or --tls-cert and --tls-key, not both: "
                + "--tls-cert would be passed over for the keystore's certificate and key");
        assertThat(key.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(key.err()).contains("--tls-key would be passed over").doesNotContain("Started an embedded Kafka broker");
    }

    @Test
    void a_password_file_that_is_not_utf8_is_named_not_said_of_the_certificate_or_key(@TempDir Path dir) throws Exception {
        // Given
        Path keystore = Files.write(dir.resolve("x.p12"), new byte[] {0x30, (byte) 0x82});
        Path password = Files.write(dir.resolve("password"), new byte[] {'p', (byte) 0xe4, 's', 's', '\n'});

        // When
        CliRun run = CliRun.of("ingest", "listen", "--tls", "0", "--tls-keystore", keystore.toString(),
                "--tls-password-file", password.toString());

        // Then: not "cannot load the TLS certificate or key: Input length = 1"
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).isEqualTo("droptrace: cannot read --tls-password-file " + password + ": not UTF-8 "
                + "text: byte 0xE4 on line 1; a binary file, or one saved in another encoding? save it as UTF-8");
    }

    @Test
    void a_state_file_that_cannot_be_kept_is_one_line_saying_why_and_starts_nothing(@TempDir Path dir) throws Exception {
        // Given: a log file, a plain file where the state file's directory would go, and a directory
        Path log = java.nio.file.Files.writeString(dir.resolve("pve-firewall.log"), "");
        Path inTheWay = java.nio.file.Files.writeString(dir.resolve("state"), "");

        // When
        CliRun blocked = CliRun.of("ingest", "tail", log.toString(), "--state-file", inTheWay.resolve("tail.json").toString());
        CliRun directory = CliRun.of("ingest", "tail", log.toString(), "--state-file", dir.toString());

        // Then
        assertThat(blocked.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(blocked.err().strip()).isEqualTo("droptrace: cannot create the directory " + inTheWay
                + " for the tail position (--state-file): a file of that name is in the way");
        assertThat(directory.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(directory.err().strip()).isEqualTo("droptrace: --state-file " + dir + " is a directory: give a file");
    }

    @Test
    void a_state_file_whose_lock_cannot_be_written_is_one_configuration_error_not_an_unexpected_failure(@TempDir Path dir)
            throws Exception {
        // Given a lock file that cannot be opened for writing (as on a read-only file system): a directory in its place
        Path log = java.nio.file.Files.writeString(dir.resolve("pve-firewall.log"), "");
        Path state = dir.resolve("tail.json");
        java.nio.file.Files.createDirectory(dir.resolve("tail.json.lock"));
        // When
        CliRun run = CliRun.of("ingest", "tail", log.toString(), "--state-file", state.toString());
        // Then
        assertThat(run.exitCode()).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(run.err().strip()).startsWith("droptrace: cannot write " + state + ".lock, the lock of --state-file "
                + state + ": ").doesNotContain("unexpected");
    }
}
