package ai.thinkheads.droptrace.probes.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.thinkheads.droptrace.core.probe.ProbeOutcome;
import ai.thinkheads.droptrace.core.probe.ProbeResult;
import ai.thinkheads.droptrace.probes.config.ConfigException;
import ai.thinkheads.droptrace.probes.config.ProbePlan;
import ai.thinkheads.droptrace.probes.run.ProbeExecutor;
import ai.thinkheads.droptrace.probes.testing.Probing;
import ai.thinkheads.droptrace.probes.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exec and file probes through a real (harmless) prefix, and proof that no value can inject a command. */
class ExecAndFileProbeIT {

    @TempDir
    Path dir;

    static ProbeResult exec(String execYaml) {
        return Probing.once("  - {id: e1, from: lab-guest, kind: exec, timeout: 2s, exec: " + execYaml + "}\n");
    }

    @Test
    void a_command_runs_inside_the_guest_through_its_prefix_with_the_vmid_substituted() {
        ProbeResult r = exec("{command: [printenv, DROPTRACE_GUEST], outputContains: '101'}");
        assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.EXEC_OK);
        assertThat(r.fromVmid()).isEqualTo(101);
        assertThat(r.flow().encode()).isEqualTo("127.0.0.1|e1|exec|0");
    }

    @Test
    void a_wrong_exit_code_a_missing_text_and_an_error_line_fail() {
        assertThat(exec("{command: [sh, -c, 'echo inactive; exit 3']}").explanation()).contains("exited 3").contains("inactive");
        assertThat(exec("{command: [echo, active], outputContains: running}").outcome()).isEqualTo(ProbeOutcome.EXEC_FAILED);
        ProbeResult log = exec("{command: [printf, 'level=info msg=ok\\nlevel=error msg=\"acme: unable to obtain certificate\"\\n'],"
                + " outputNotMatches: 'level=error.*acme'}");
        assertThat(log.outcome()).isEqualTo(ProbeOutcome.EXEC_FAILED);
        assertThat(log.facts().get("exec.matchedLine")).contains("unable to obtain certificate");
    }

    @Test
    void an_error_line_at_the_end_of_a_long_log_fails_and_a_pattern_not_in_what_was_read_is_not_a_pass() {
        // Given a log of about 600 KB whose newest line, at its end, is an error
        ProbeResult log = exec("{command: [sh, -c, 'seq 1 100000; echo level=error msg=acme'], outputNotMatches: 'level=error'}");
        // Then it is found, not passed over because the output was long
        assertThat(log.outcome()).as(log.explanation()).isEqualTo(ProbeOutcome.EXEC_FAILED);
        assertThat(log.facts().get("exec.matchedLine")).isEqualTo("level=error msg=acme");

        // Given an error line only in the middle, which is not read
        ProbeResult middle = exec("{command: [sh, -c, 'seq 1 50000; echo level=error; seq 1 50000'], outputNotMatches: 'level=error'}");
        // Then the probe says it could not tell, rather than EXEC_OK
        assertThat(middle.outcome()).as(middle.explanation()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(middle.explanation()).contains("/level=error/ is not in its first and last 128 KiB").contains("not read");
    }

    @Test
    void a_command_that_hangs_is_killed_at_the_timeout_and_a_missing_command_is_an_error() {
        ProbeResult hung = Probing.once("  - {id: e1, from: lab-guest, kind: exec, timeout: 1s, exec: {command: [sleep, '30']}}\n");
        assertThat(hung.outcome()).isEqualTo(ProbeOutcome.EXEC_FAILED);
        assertThat(hung.explanation()).contains("killed");
        ProbeResult missing = Probing.once("  - {id: e1, kind: exec, exec: {command: [/nonexistent/droptrace-tool]}}\n");
        assertThat(missing.outcome()).isEqualTo(ProbeOutcome.ERROR);
    }

    @Test
    void shell_syntax_in_a_command_is_passed_as_a_literal_argument_and_never_runs() {
        // Given a command whose argument would run a command if it ever went through a shell
        Path marker = dir.resolve("injected");
        // When
        ProbeResult r = exec("{command: [echo, '$(touch " + marker + "); rm -rf /tmp/none'], outputContains: '$(touch'}");
        // Then
        assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.EXEC_OK);
        assertThat(marker).doesNotExist();
    }

    @Test
    void malicious_names_addresses_and_paths_are_rejected_before_anything_runs() {
        String guest = "site:\n  host: {name: h}\n  guests:\n    - {vmid: 101, name: %s, type: lxc, addresses: [%s]}\nprobes:\n%s";
        assertThatThrownBy(() -> Probing.plan(guest.formatted("'x; rm -rf /'", "10.0.0.1", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> Probing.plan(guest.formatted("web", "'$(reboot)'", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> Probing.plan(guest.formatted("web", "10.0.0.1",
                "  - {id: x, from: web, to: '10.0.0.2`id`', kind: tcp, port: 80}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("neither a guest name nor an address");
        assertThatThrownBy(() -> Probing.plan(guest.formatted("web", "10.0.0.1",
                "  - {id: x, from: web, kind: file, file: {path: '/etc/$(id)'}}\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> new Placeholders().vmid(7)).hasMessageContaining("not a Proxmox vmid");
        assertThatThrownBy(() -> new Placeholders().name("a;b").render(List.of("{name}"))).hasMessageContaining("not a host name");
    }

    @Test
    void an_unknown_placeholder_in_a_prefix_fails_at_load_time() {
        assertThatThrownBy(() -> Probing.plan("site:\n  host: {name: h}\n  guests:\n    - {vmid: 101, name: web, type: lxc, "
                + "exec: [env, 'X={secret}']}\nprobes:\n  - {id: x, from: web, kind: exec, exec: {command: [true]}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("{secret}");
    }

    @Test
    void a_certificate_file_is_ok_mismatched_missing_or_invalid() throws Exception {
        TestPki pki = new TestPki("File Test CA");
        Path root = pki.writeRoot(dir, "root.crt");
        Path copy = pki.writeRoot(dir, "copy.crt");
        Path other = TestPki.write(dir.resolve("other.crt"), List.of(new TestPki("Other CA").root.certificate()));
        Path junk = Files.writeString(dir.resolve("junk.crt"), "not a certificate\n");
        String trust = "trust:\n  ca-root: {file: " + root + "}\n";
        for (String from : List.of("local", "lab-guest")) {
            assertThat(Probing.once(trust, file(from, copy, "equalsTrust: ca-root")).outcome()).isEqualTo(ProbeOutcome.FILE_OK);
            ProbeResult mismatch = Probing.once(trust, file(from, other, "equalsFile: " + root));
            assertThat(mismatch.outcome()).isEqualTo(ProbeOutcome.FILE_MISMATCH);
            assertThat(mismatch.explanation()).contains("stale");
            assertThat(Probing.once(trust, file(from, dir.resolve("absent.crt"), "certificate: true")).outcome())
                    .isEqualTo(ProbeOutcome.FILE_MISSING);
            assertThat(Probing.once(trust, file(from, junk, "certificate: true")).outcome()).isEqualTo(ProbeOutcome.FILE_INVALID);
        }
    }

    @Test
    void a_file_probe_whose_guest_command_cannot_run_is_an_error_not_a_missing_file() throws Exception {
        // Given a file that exists, and a guest whose prefix cannot run (pct missing, as off a Proxmox host)
        Path root = new TestPki("File Test CA").writeRoot(dir, "root.crt");
        String site = "site:\n  host: {name: h}\n  guests:\n    - {vmid: 103, name: ca, type: lxc, "
                + "exec: [/nonexistent/pct, exec, '{vmid}', --]}\nprobes:\n" + file("ca", root, "certificate: true");

        // When
        ProbePlan plan = Probing.plan(site);
        ProbeResult r = new ProbeExecutor(plan, new CommandRunner(), Clock.systemUTC()).run(plan.probes().get(0));

        // Then nothing is said about the file: the probe could not look at it
        assertThat(r.outcome()).as(r.explanation()).isEqualTo(ProbeOutcome.ERROR);
        assertThat(r.explanation()).contains("cannot run /nonexistent/pct");
        // And a file cat says is missing still is
        ProbeResult missing = Probing.once(file("lab-guest", dir.resolve("absent.crt"), "certificate: true"));
        assertThat(missing.outcome()).isEqualTo(ProbeOutcome.FILE_MISSING);
        assertThat(missing.explanation()).contains("No such file or directory");
    }

    private static String file(String from, Path path, String more) {
        return "  - {id: f1, from: " + from + ", kind: file, file: {path: '" + path + "', " + more + "}}\n";
    }
}
